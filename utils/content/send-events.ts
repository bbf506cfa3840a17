import type { SendEvents, UnsavedEvents } from '../../components/overlay/state/answer-store';
import type { WriteResult } from '../../storage/event-writer';
import type { FeedbackEvent } from '../../storage/schema';
import { type ErrorCode, MAX_EVENTS_PER_MESSAGE, type Reply, sendMessage } from '../messaging/protocol';

/** Waits before each retry: about 12 s in all, enough for a service worker to restart. */
export const RETRY_DELAYS_MS = [250, 1_000, 3_000, 8_000];

/** While events are kept unsaved, they are tried again after these waits, then every minute while the page is open. */
export const KEPT_RETRY_DELAYS_MS = [5_000, 15_000, 30_000, 60_000];

/** Replies worth retrying: the store failed for a moment. Invalid or over-quota data would fail again. */
const TRANSIENT: ErrorCode[] = ['storage_failed'];

type Sleep = (ms: number) => Promise<void>;
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

/** What the strip says while events are kept. Plain words: what happened, that nothing is lost yet, what to do. */
export function unsavedMessage(count: number, code: FailureCode): string {
  const changes = count === 1 ? '1 change' : `${count} changes`;
  return code === 'quota_exceeded'
    ? `Not saved: your browser's storage for Stageback is full. ${changes} not saved, kept while this page is open. ` +
        `Free some space (for example, delete old feedback in Stageback's log), then Retry saving.`
    : `Not saved yet: Stageback's storage did not answer. ${changes} not saved, kept while this page is open ` +
        `and tried again shortly; Retry saving tries now.`;
}

export interface EventSenderOptions {
  sleep?: Sleep;
  /** Runs `fn` after `ms`; returns a cancel. */
  setTimer?: (fn: () => void, ms: number) => () => void;
}

const defaultTimer = (fn: () => void, ms: number) => {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
};

export interface EventSender {
  /** Sends events to the background with retries; a failure comes back as a result, never a throw. */
  send: SendEvents;
  /** The events this page holds because they could not be stored yet. */
  unsaved: UnsavedEvents;
}

/**
 * Sends the page's events to the background. Events that cannot be stored (a full store, a failing or silent
 * background) are never dropped: they are kept here, in order, and sent again (a) when the user presses Retry
 * saving, (b) on a timer (5 s, 15 s, 30 s, then every minute) while the page is open, and (c) ahead of the next
 * event sent, so a later event never lands before an earlier one it supersedes. Events carry their own ids, so a
 * resend after a lost reply is stored once.
 */
export function createEventSender(
  transport: (events: FeedbackEvent[]) => Promise<Reply<WriteResult>>,
  options: EventSenderOptions = {},
): EventSender {
  const { sleep = wait, setTimer = defaultTimer } = options;
  let kept: FeedbackEvent[] = [];
  let lastCode: FailureCode = 'unreachable';
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

  /** Sends every kept event, oldest first; stops at the first failure. */
  async function flush(): Promise<Failure | null> {
    while (kept.length > 0) {
      const batch = kept.slice(0, MAX_EVENTS_PER_MESSAGE);
      const result = await withRetry(() => transport(batch), sleep);
      if (!result.ok) return result;
      kept = kept.slice(batch.length);
    }
    return null;
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

  function retry(): Promise<void> {
    return serial(async () => {
      if (kept.length === 0) return;
      cancelTimer?.();
      cancelTimer = null;
      settle(await flush());
    });
  }

  const send: SendEvents = (events) =>
    serial(async () => {
      kept = [...kept, ...events];
      const failure = await flush();
      if (failure && !KEEPS.includes(failure.code)) {
        // These events would fail the same way again: they are refused, and must not block the kept ones.
        kept = kept.filter((e) => !events.includes(e));
        settle(kept.length > 0 ? { ...failure, code: lastCode } : null);
        return { ok: false, message: failure.message };
      }
      settle(failure);
      if (!failure) return { ok: true };
      return { ok: false, message: unsavedMessage(kept.length, failure.code), kept: true };
    });

  return {
    send,
    unsaved: {
      count: () => kept.length,
      message: () => unsavedMessage(kept.length, lastCode),
      retry,
      subscribe(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    },
  };
}

export const eventSender = createEventSender((events) => sendMessage('recordEvents', events));
export const sendEvents: SendEvents = eventSender.send;
