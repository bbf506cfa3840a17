import { defineExtensionMessaging } from '@webext-core/messaging';
import type { WriteResult } from '../../storage/event-writer';
import type { FeedbackEvent, Trace, TraceDraft } from '../../storage/schema';
import type { TaughtRuleData } from '../adapters/taught';
import type { Settings } from '../settings';
import type { ModelTestResult } from '../shadow/llm/tier2';
import type { TierRun, TierStatus } from '../shadow/tier-status';
import type { ShownProposal } from '../shadow/types';
import type { RunReport } from '../sync/engine';
import type { SyncStatus } from '../sync/status';
import type { RuleDraft } from '../taught/rule';
import type {
  AnswerProposal,
  Diagnostic,
  HeldSelection,
  NoteQuery,
  OpenRefinement,
  PageReport,
} from './message-schemas';

export interface RefinementBasis {
  refinement: Extract<FeedbackEvent, { kind: 'refinement' }>;
  original: Trace;
  /** The original answer's effective feedback. */
  feedback: FeedbackEvent[];
}

/**
 * The one message protocol between content scripts, extension pages and the
 * background. Senders are typed; the background still validates every message
 * with its schema (`message-schemas.ts`, kept apart so content scripts never load Zod),
 * because a content script runs next to untrusted pages.
 */
export interface ProtocolMap {
  /** `refinedFrom`: this answer was read in a tab that "Refine" opened, and refines that answer. */
  /** `refinedUnchanged`: read in such a tab, this answer is the one refined, given back unchanged (not linked). */
  captureTrace(draft: TraceDraft): Reply<{
    traceId: string;
    created: boolean;
    refinedFrom?: Trace['refinedFrom'];
    refinedUnchanged?: Trace['refinedFrom'];
  }>;
  /**
   * "Refine" on an answer this tab captured: the background records the refinement, builds the address from the
   * answer's engine and `query`, and opens it in a new tab (a content script never chooses the address).
   */
  openRefinement(data: OpenRefinement): Reply<{ refinementId: string; url: string }>;
  /** For an answer this tab captured that refines another: the refinement, the original answer and its feedback. */
  getRefinementBasis(traceId: string): Reply<RefinementBasis | null>;
  recordEvents(events: FeedbackEvent[]): Reply<WriteResult>;
  /** A tab shows an answer to `query`; replies with the tab's previous question, for reformulation signals. */
  noteQuery(data: NoteQuery): Reply<{ previous: NotedQuery | null }>;
  /** From the detector script: this frame shows an AI answer, inject the overlay into it. */
  injectOverlay(): Reply<null>;
  /** What the user currently says about a trace (after a reload, to restore controls and highlights). */
  getTraceFeedback(traceId: string): Reply<FeedbackEvent[]>;
  /** The shadow agent's proposals for an answer this tab captured (computed and stored in the background). */
  getShadowProposals(traceId: string): Reply<ShownProposal[]>;
  /** The user's one-key answer to a proposal: stored as confirmed or rejected, superseding it. */
  answerProposal(data: AnswerProposal): Reply<FeedbackEvent>;
  /** The user's settings, read and validated by the background (content scripts load neither storage nor Zod). */
  getSettings(): Reply<Settings>;
  /** An adapter failed on a page: kept (the last 50) for the popup to show. */
  reportDiagnostic(data: Diagnostic): Reply<null>;
  /** "Report this page": a tab's answer region, kept for the report page, which this opens in a new tab. */
  openReport(data: PageReport): Reply<{ reportId: string }>;
  /** The report page reads the report it was opened for (extension pages only); null once it is gone. */
  getReport(reportId: string): Reply<(PageReport & { savedAt: string }) | null>;
  /** The rules the user taught for the sender's origin (the overlay reads answers with them). */
  getTaughtRules(): Reply<TaughtRuleData[]>;
  /** From the element picker: a rule for the sender's origin (never one the message names); the overlay runs at once. */
  teachRule(draft: RuleDraft): Reply<{ ruleId: string; showsFromNowOn: boolean }>;
  // Sync control: extension pages only (the background refuses these from content scripts).
  /** Send the outbox now, ignoring the retry schedule; replies when the run ended. */
  syncNow(): Reply<RunReport>;
  getSyncStatus(): Reply<SyncStatus>;
  /** Held (awaiting review) items become pending and are sent; 'all' approves every held item. */
  approveHeld(ids: HeldSelection): Reply<{ moved: number }>;
  /** Held items are kept out of the upload; the events stay in the log. */
  skipHeld(ids: HeldSelection): Reply<{ moved: number }>;
  /** Queue the events recorded before sync was turned on (held when review-before-upload is on). */
  queueExisting(): Reply<{ queued: number }>;
  /** Shadow tiers 2 and 3 (the user's own model, the browser's) on one stored answer: proposals and a status each. */
  proposeWithModels(traceId: string): Reply<TierRun[]>;
  /** "Test connection" in options: a made-up sample answer to the user's model server (extension pages only). */
  testShadowModel(): Reply<ModelTestResult>;
  /** How the model tiers' last run on one answer went (the strip's quiet line); [] when they did not run. */
  getShadowModelStatus(traceId: string): Reply<TierStatus[]>;
}

export type {
  AnswerProposal,
  Diagnostic,
  HeldSelection,
  NoteQuery,
  OpenRefinement,
  PageReport,
} from './message-schemas';
export type NotedQuery = NoteQuery & { at: number };

export const MAX_EVENTS_PER_MESSAGE = 2_000;

export type MessageType = keyof ProtocolMap;

/** Messages only the extension's own pages may send: a content script must not steer or read sync. */
export const PAGE_ONLY_MESSAGES: ReadonlySet<MessageType> = new Set([
  'syncNow',
  'getSyncStatus',
  'approveHeld',
  'skipHeld',
  'queueExisting',
  'getReport',
  'testShadowModel',
]);

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

/** Messages the background sends to a tab's content script. */
export interface ContentProtocolMap {
  /** The keyboard shortcut: move focus to the strip of the first answer on the page. */
  focusStrip(): boolean;
  /** "Report this page" from the popup: the tab reports every answer it shows (see utils/content/report-page.ts). */
  reportPage(): { ok: true } | { ok: false; message: string };
}

export const contentMessaging = defineExtensionMessaging<ContentProtocolMap>();
