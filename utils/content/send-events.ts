import type { SendEvents, UnsavedEvents } from '../../components/overlay/state/answer-store';
import type { WriteResult } from '../../storage/event-writer';
import type { FeedbackEvent, TraceDraft } from '../../storage/schema';
import { t, tn } from '../i18n';
import {
  type ErrorCode,
  MAX_EVENTS_PER_MESSAGE,
  type ProtocolMap,
  type Reply,
  sendMessage,
} from '../messaging/protocol';

/** Waits before each retry: about 12 s in all, enough for a service worker to restart. */
export const RETRY_DELAYS_MS = [250, 1_000, 3_000, 8_000];

/** While events are kept unsaved, they are tried again after these waits, then every minute while the page is open. */
export const KEPT_RETRY_DELAYS_MS = [5_000, 15_000, 30_000, 60_000];

/** Replies worth retrying: the store failed for a moment. Invalid or over-quota data would fail again. */
const TRANSIENT: ErrorCode[] = ['storage_failed'];

type Sleep = (ms: number) => Promise<void>;
type Ok<T> = T extends (...args: never[]) => Reply<infer R> ? R : never;
const wait: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Why a request failed: the background's error code, `unreachable` (no answer), or `invalidated` (extension gone). */
export type FailureCode = ErrorCode | 'unreachable' | 'invalidated';
export type Failure = { ok: false; message: string; code: FailureCode };

/**
 * One request to the background, retried when it gets no answer (the service worker was restarting) or a
 * transient store error. Requests carry their own ids (events, traces), so a resend is stored once.
 */
export async function withRetry<T>(
  request: () => Promise<Reply<T>>,
  sleep: Sleep = wait,
): Promise<{ ok: true; data: T } | Failure> {
  let failure: Failure = { ok: false, message: '', code: 'unreachable' };
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    if (attempt > 0) await sleep(RETRY_DELAYS_MS[attempt - 1] as number);
    try {
      const reply = await request();
      if (reply.ok) return reply;
      failure = { ok: false, message: reply.error.message, code: reply.error.code };
      if (!TRANSIENT.includes(reply.error.code)) break;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The extension was updated or removed: this page's script can never reach it again.
      if (/context invalidated/i.test(message)) return { ok: false, message, code: 'invalidated' };
      failure = { ok: false, message, code: 'unreachable' };
    }
  }
  return failure;
}

/**
 * Failures after which the events are kept on the page and tried again: the store is full, failing, or not
 * answering. An invalid message would fail the same way again, and a dead extension context can never send.
 */
const KEEPS: FailureCode[] = ['quota_exceeded', 'storage_failed', 'unreachable'];

/**
 * What the strip says while things are kept. Plain words: what happened, that nothing is lost yet, what to do.
 * `answer: 'not_recorded'` when the strip's own answer (its trace) could not be stored yet: feedback on it is
 * still taken, and kept until the answer is stored.
 */
export function unsavedMessage(
  count: number,
  code: FailureCode,
  answer: 'recorded' | 'not_recorded' = 'recorded',
): string {
  const full = code === 'quota_exceeded';
  if (answer === 'not_recorded') {
    if (count === 0) return t(full ? 'stripUnsavedAnswerFull' : 'stripUnsavedAnswerSilent');
    return full ? tn('stripUnsavedAnswerFullKept', count) : tn('stripUnsavedAnswerSilentKept', count);
  }
  return full ? tn('stripUnsavedFull', count) : tn('stripUnsavedSilent', count);
}

/**
 * The writer refuses an event for a reason in its WriteResult (`rejected`). `unknown_trace` (the answer the event
 * is about is not stored) is retryable when this page holds that answer's trace: its capture is kept (the store
 * was full), or it was stored and has since been deleted from the log; the trace is captured (again) and the event
 * sent after it. Without the trace (an event about an answer on an earlier page), or for any other reason, the
 * event would be refused again: it is dropped and said so in these words.
 */
export function refusedMessage(count: number, reason: string): string {
  return reason === 'unknown_trace' ? tn('stripRefusedUnknown', count) : tn('stripRefusedInvalid', count, reason);
}

export type CaptureReply = Reply<Stored>;
/** What the store answered for a trace: its id, and (for an answer opened by "Refine") which answer it refines. */
export type Stored = Ok<ProtocolMap['captureTrace']>;

/**
 * What capturing a trace came to on its first try: stored (with the id the store gave it: the id of an earlier
 * capture of the same answer, or the draft's own), kept to be tried again, or refused for good.
 */
export type CaptureResult =
  | { ok: true; traceId: string }
  | { ok: false; kept: true; message: string }
  | { ok: false; message: string };

export interface EventSenderOptions {
  sleep?: Sleep;
  /** Runs `fn` after `ms`; returns a cancel. */
  setTimer?: (fn: () => void, ms: number) => () => void;
  /** Stores a trace (the background's `captureTrace`); without it, `capture` refuses every draft. */
  capture?: (draft: TraceDraft) => Promise<CaptureReply>;
}

const defaultTimer = (fn: () => void, ms: number) => {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
};

export interface EventSender {
  /** Sends events to the background with retries; a failure comes back as a result, never a throw. */
  send: SendEvents;
  /**
   * Stores an answer's trace, kept and retried like events when the store cannot take it (ahead of every event
   * about it). `onStored` runs each time the trace lands (after a kept capture, after a re-capture), with its id.
   * A newer draft of the same answer (same id) replaces a kept one.
   */
  capture(draft: TraceDraft, onStored: (traceId: string, stored: Stored) => void): Promise<CaptureResult>;
  /** The events (and traces) this page holds because they could not be stored yet. */
  unsaved: UnsavedEvents;
}

/** An answer this page captured: its newest draft, and the id the store gave it once stored. */
interface TraceEntry {
  draft: TraceDraft;
  storedId: string | null;
  /** Every id events about this answer may carry: the draft's, and each the store gave. */
  ids: Set<string>;
  onStored: (traceId: string, stored: Stored) => void;
  /** Set when the store refused the draft for good (it would refuse it again). */
  refused: string | null;
}

type Kept = { kind: 'trace'; entry: TraceEntry } | { kind: 'event'; event: FeedbackEvent };
type Refusal = { event: FeedbackEvent; reason: string };

/**
 * Sends the page's events and traces to the background. What cannot be stored (a full store, a failing or silent
 * background) is never dropped: it is kept here, in order, and sent again (a) when the user presses Retry
 * saving, (b) on a timer (5 s, 15 s, 30 s, then every minute) while the page is open, and (c) ahead of the next
 * event sent, so a later event never lands before an earlier one it supersedes. A trace is kept the same way, and
 * always goes ahead of the events about it; when the store gives it another id (the same answer captured
 * earlier), the kept events are moved to that id. Events and traces carry their own ids, so a resend after a lost
 * reply is stored once.
 */
export function createEventSender(
  transport: (events: FeedbackEvent[]) => Promise<Reply<WriteResult>>,
  options: EventSenderOptions = {},
): EventSender {
  const { sleep = wait, setTimer = defaultTimer, capture: captureTransport } = options;
  let kept: Kept[] = [];
  const traces: TraceEntry[] = [];
  let lastCode: FailureCode = 'unreachable';
  /** Events kept earlier and then refused for good, said until the next event is sent. */
  let refusedNotice: string | null = null;
  let timerRuns = 0;
  let cancelTimer: (() => void) | null = null;
  const listeners = new Set<() => void>();
  // One request at a time, so kept events reach the store in the order they were given.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  const changed = () => {
    for (const listener of listeners) listener();
  };
  const entryFor = (traceId: string) => traces.find((t) => t.ids.has(traceId));
  const keptEvents = () => kept.filter((k) => k.kind === 'event').length;
  const isKeptTrace = (entry: TraceEntry) => kept.some((k) => k.kind === 'trace' && k.entry === entry);
  /** An event about an answer whose stored id is known goes with that id. */
  const withStoredId = (event: FeedbackEvent): FeedbackEvent => {
    const entry = entryFor(event.traceId);
    return entry?.storedId && entry.storedId !== event.traceId ? { ...event, traceId: entry.storedId } : event;
  };

  function landed(entry: TraceEntry, stored: Stored) {
    const { traceId } = stored;
    entry.storedId = traceId;
    entry.ids.add(traceId);
    kept = kept.map((k) => (k.kind === 'event' ? { kind: 'event', event: withStoredId(k.event) } : k));
    entry.onStored(traceId, stored);
  }

  async function storeTrace(entry: TraceEntry): Promise<Failure | null> {
    if (!captureTransport) return { ok: false, message: 'traces cannot be stored here', code: 'invalid_message' };
    const result = await withRetry(() => captureTransport(entry.draft), sleep);
    if (!result.ok) return result;
    landed(entry, result.data);
    return null;
  }

  /**
   * Sends everything kept, oldest first; stops at the first failure worth retrying. Returns it, with the events
   * the store refused for good on the way.
   */
  async function flush(): Promise<{ failure: Failure | null; refused: Refusal[] }> {
    const refused: Refusal[] = [];
    const recaptured = new Set<TraceEntry>();
    while (kept.length > 0) {
      const head = kept[0] as Kept;
      if (head.kind === 'trace') {
        const failure = await storeTrace(head.entry);
        if (failure && KEEPS.includes(failure.code)) return { failure, refused };
        // Stored, or refused for good (its events will then be refused as about an unknown trace).
        if (failure) head.entry.refused = failure.message;
        kept = kept.filter((k) => k !== head);
        continue;
      }
      const end = kept.findIndex((k, i) => k.kind === 'trace' || i >= MAX_EVENTS_PER_MESSAGE);
      const batch = kept.slice(0, end === -1 ? kept.length : end) as Extract<Kept, { kind: 'event' }>[];
      const result = await withRetry(() => transport(batch.map((k) => k.event)), sleep);
      if (!result.ok) return { failure: result, refused };
      kept = kept.slice(batch.length);
      const rejected = new Map((result.data.rejected ?? []).map((r) => [r.id, r.reason]));
      if (rejected.size === 0) continue;
      const again: Kept[] = [];
      const recapture: TraceEntry[] = [];
      for (const item of batch) {
        const reason = rejected.get(item.event.id);
        if (reason === undefined) continue;
        const entry = entryFor(item.event.traceId);
        // Its trace is not stored (deleted since it was captured): capture it again, then send the event after it.
        // Once per flush: a trace that will not stay stored must not loop.
        if (reason === 'unknown_trace' && entry && !entry.refused && !recaptured.has(entry)) {
          if (!recapture.includes(entry)) recapture.push(entry);
          again.push(item);
        } else refused.push({ event: item.event, reason });
      }
      for (const entry of recapture) recaptured.add(entry);
      kept = [...recapture.map((entry): Kept => ({ kind: 'trace', entry })), ...again, ...kept];
    }
    return { failure: null, refused };
  }

  function schedule() {
    cancelTimer?.();
    const delay = KEPT_RETRY_DELAYS_MS[Math.min(timerRuns, KEPT_RETRY_DELAYS_MS.length - 1)] as number;
    timerRuns++;
    cancelTimer = setTimer(() => {
      cancelTimer = null;
      void retry();
    }, delay);
  }

  function settle(failure: Failure | null) {
    if (failure === null || kept.length === 0) {
      cancelTimer?.();
      cancelTimer = null;
      timerRuns = 0;
    } else {
      lastCode = failure.code;
      if (!cancelTimer) schedule();
    }
    changed();
  }

  /** Refusals of events kept earlier: said on every strip (the user was shown them as made). */
  function noteRefused(refused: Refusal[]) {
    if (refused.length === 0) return;
    refusedNotice = refusedMessage(refused.length, (refused[0] as Refusal).reason);
  }

  function retry(): Promise<void> {
    return serial(async () => {
      if (kept.length === 0) return;
      cancelTimer?.();
      cancelTimer = null;
      const { failure, refused } = await flush();
      noteRefused(refused);
      settle(failure);
    });
  }

  const send: SendEvents = (events) =>
    serial(async () => {
      refusedNotice = null;
      const mine = new Set(events.map((e) => e.id));
      kept = [...kept, ...events.map((event): Kept => ({ kind: 'event', event: withStoredId(event) }))];
      const { failure, refused } = await flush();
      noteRefused(refused.filter((r) => !mine.has(r.event.id)));
      const own = refused.filter((r) => mine.has(r.event.id));
      if (failure && !KEEPS.includes(failure.code)) {
        // These events would fail the same way again: they are refused, and must not block the kept ones.
        kept = kept.filter((k) => k.kind !== 'event' || !mine.has(k.event.id));
        settle(kept.length > 0 ? { ...failure, code: lastCode } : null);
        return { ok: false, message: failure.message };
      }
      settle(failure);
      if (own.length > 0) return { ok: false, message: refusedMessage(own.length, (own[0] as Refusal).reason) };
      if (!failure) return { ok: true };
      return { ok: false, message: unsavedMessage(keptEvents(), failure.code), kept: true };
    });

  const capture: EventSender['capture'] = (draft, onStored) =>
    serial(async () => {
      let entry = entryFor(draft.id);
      if (entry) {
        entry.draft = draft;
        entry.onStored = onStored;
        entry.refused = null;
      } else {
        entry = { draft, storedId: null, ids: new Set([draft.id]), onStored, refused: null };
        traces.push(entry);
      }
      if (!isKeptTrace(entry)) kept = [...kept, { kind: 'trace', entry }];
      const { failure, refused } = await flush();
      noteRefused(refused);
      settle(failure === null || KEEPS.includes(failure.code) ? failure : { ...failure, code: lastCode });
      if (isKeptTrace(entry)) {
        return { ok: false, kept: true, message: unsavedMessage(keptEvents(), lastCode, 'not_recorded') };
      }
      if (entry.refused !== null) return { ok: false, message: entry.refused };
      return { ok: true, traceId: entry.storedId as string };
    });

  return {
    send,
    capture,
    unsaved: {
      count: keptEvents,
      traceKept: (traceId) => {
        const entry = entryFor(traceId);
        return entry !== undefined && isKeptTrace(entry);
      },
      message: (traceId) => {
        const entry = traceId === undefined ? undefined : entryFor(traceId);
        return unsavedMessage(keptEvents(), lastCode, entry && isKeptTrace(entry) ? 'not_recorded' : 'recorded');
      },
      refused: () => refusedNotice,
      retry,
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
  };
}

export const eventSender = createEventSender((events) => sendMessage('recordEvents', events), {
  capture: (draft) => sendMessage('captureTrace', draft),
});
export const sendEvents: SendEvents = eventSender.send;
