import type { SendEvents } from '../../components/overlay/state/answer-store';
import type { WriteResult } from '../../storage/event-writer';
import type { FeedbackEvent } from '../../storage/schema';
import { type ErrorCode, type Reply, sendMessage } from '../messaging/protocol';

/** Waits before each retry: about 12 s in all, enough for a service worker to restart. */
export const RETRY_DELAYS_MS = [250, 1_000, 3_000, 8_000];

/** Replies worth retrying: the store failed for a moment. Invalid or over-quota data would fail again. */
const TRANSIENT: ErrorCode[] = ['storage_failed'];

type Sleep = (ms: number) => Promise<void>;
const wait: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One request to the background, retried when it gets no answer (the service worker was restarting) or a
 * transient store error. Requests carry their own ids (events, traces), so a resend is stored once.
 */
export async function withRetry<T>(
  request: () => Promise<Reply<T>>,
  sleep: Sleep = wait,
): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  let message = '';
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    if (attempt > 0) await sleep(RETRY_DELAYS_MS[attempt - 1] as number);
    try {
      const reply = await request();
      if (reply.ok) return reply;
      message = reply.error.message;
      if (!TRANSIENT.includes(reply.error.code)) break;
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
      // The extension was updated or removed: this page's script can never reach it again.
      if (/context invalidated/i.test(message)) break;
    }
  }
  return { ok: false, message };
}

/** Sends events to the background with retries; a failure comes back as a message, never a throw. */
export function createEventSender(
  transport: (events: FeedbackEvent[]) => Promise<Reply<WriteResult>>,
  sleep: Sleep = wait,
): SendEvents {
  return async (events) => {
    const result = await withRetry(() => transport(events), sleep);
    return result.ok ? { ok: true } : result;
  };
}

export const sendEvents: SendEvents = createEventSender((events) => sendMessage('recordEvents', events));
