import { defineExtensionMessaging } from '@webext-core/messaging';
import { z } from 'zod';
import type { WriteResult } from '../../storage/event-writer';
import { type FeedbackEvent, FeedbackEventSchema, type TraceDraft, TraceDraftSchema } from '../../storage/schema';

/**
 * The one message protocol between content scripts, extension pages and the
 * background. Senders are typed; the background still validates every message
 * with the schema below, because a content script runs next to untrusted pages.
 */
export interface ProtocolMap {
  captureTrace(draft: TraceDraft): Reply<{ traceId: string; created: boolean }>;
  recordEvents(events: FeedbackEvent[]): Reply<WriteResult>;
}

export const MAX_EVENTS_PER_MESSAGE = 2_000;

export const MESSAGE_SCHEMAS = {
  captureTrace: TraceDraftSchema,
  recordEvents: z.array(FeedbackEventSchema).min(1).max(MAX_EVENTS_PER_MESSAGE),
} satisfies { [K in keyof ProtocolMap]: z.ZodType };

export type MessageType = keyof ProtocolMap;

export const ERROR_CODES = ['invalid_message', 'forbidden_sender', 'quota_exceeded', 'storage_failed'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ReplyError {
  code: ErrorCode;
  message: string;
  /** Which fields were wrong, for `invalid_message`. */
  issues?: { path: string; message: string }[];
}

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ReplyError };

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
