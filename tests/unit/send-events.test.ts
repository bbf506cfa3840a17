import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../storage/db';
import { deleteTraces } from '../../storage/delete';
import { createEventWriter } from '../../storage/event-writer';
import type { FeedbackEvent, TraceDraft } from '../../storage/schema';
import { type BackgroundDeps, dispatch, storageError } from '../../utils/background/dispatch';
import { createQueryHistory } from '../../utils/background/query-history';
import { createTabTraces } from '../../utils/background/tab-traces';
import {
  createEventSender,
  KEPT_RETRY_DELAYS_MS,
  RETRY_DELAYS_MS,
  refusedMessage,
  unsavedMessage,
} from '../../utils/content/send-events';
import { uuidv7 } from '../../utils/uuidv7';
import { thumbs, traceDraft } from '../support/factories';

let deps: BackgroundDeps;
let traceId: string;
const waits: number[] = [];
const sleep = async (ms: number) => {
  waits.push(ms);
};
/** Waits (up to 5 s) for the work a fired timer started: a fixed pause was too short on a loaded machine. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}
/** Timers the sender set for its automatic retries, run by hand. */
const timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
const setTimer = (fn: () => void, ms: number) => {
  const timer = { ms, fn, cancelled: false };
  timers.push(timer);
  return () => {
    timer.cancelled = true;
  };
};

beforeEach(async () => {
  const db = new StagebackDB(`send-${uuidv7()}`);
  deps = {
    db,
    writer: createEventWriter(db),
    queries: createQueryHistory(),
    tabTraces: createTabTraces(),
    injectOverlay: async () => {},
  };
  const draft = traceDraft();
  await dispatch('captureTrace', draft, deps);
  traceId = draft.id;
  waits.length = 0;
  timers.length = 0;
});
afterEach(async () => {
  deps.db.close();
  await Dexie.delete(deps.db.name);
});

describe('content-side sending', () => {
  it('resends when the reply is lost after the store wrote: the event is stored once', async () => {
    let calls = 0;
    const { send } = createEventSender(
      async (events) => {
        const reply = await dispatch('recordEvents', events, deps);
        if (calls++ === 0) throw new Error('The message port closed before a response was received.');
        return reply;
      },
      { sleep, setTimer },
    );
    const event = thumbs(traceId);
    expect(await send([event])).toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(waits).toEqual([RETRY_DELAYS_MS[0]]);
    expect(await deps.db.events.toArray()).toEqual([event]);
  });

  it('retries a background that does not answer, then keeps the event and says so', async () => {
    let calls = 0;
    const { send, unsaved } = createEventSender(
      async () => {
        calls++;
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      { sleep, setTimer },
    );
    expect(await send([thumbs(traceId)])).toEqual({
      ok: false,
      kept: true,
      message: unsavedMessage(1, 'unreachable'),
    });
    expect(calls).toBe(RETRY_DELAYS_MS.length + 1);
    expect(waits).toEqual(RETRY_DELAYS_MS);
    expect(unsaved.count()).toBe(1);
  });

  it('does not retry what would fail again: an invalid event, a dead extension context', async () => {
    let calls = 0;
    const invalid = createEventSender(
      async (events) => {
        calls++;
        return dispatch('recordEvents', events, deps);
      },
      { sleep, setTimer },
    );
    const result = await invalid.send([{ ...thumbs(traceId), stage: 'ranking' } as never]);
    expect(result.ok).toBe(false);
    expect(calls).toBe(1);

    expect(invalid.unsaved.count()).toBe(0);
    const gone = createEventSender(
      async () => {
        calls++;
        throw new Error('Extension context invalidated.');
      },
      { sleep, setTimer },
    );
    expect(await gone.send([thumbs(traceId)])).toMatchObject({ ok: false, message: 'Extension context invalidated.' });
    expect(calls).toBe(2);
    expect(waits).toEqual([]);
    expect(gone.unsaved.count()).toBe(0);
  });
});

describe('feedback kept while the store is full', () => {
  /** The real background, behind a switch that answers as a full store does (the real error, mapped by dispatch). */
  function fullStore() {
    const state = { full: true, calls: 0 };
    const transport = async (events: FeedbackEvent[]) => {
      state.calls++;
      if (state.full) {
        const error = new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError');
        return { ok: false as const, error: storageError(error) };
      }
      return dispatch('recordEvents', events, deps);
    };
    return { state, ...createEventSender(transport, { sleep, setTimer }) };
  }
  const byId = (a: FeedbackEvent, b: FeedbackEvent) => a.id.localeCompare(b.id);
  const stored = async () => (await deps.db.events.toArray()).sort(byId);

  it('keeps events in order, says so in plain words, and stores each once when the user retries after space frees up', async () => {
    const { state, send, unsaved } = fullStore();
    const changes: number[] = [];
    unsaved.subscribe(() => changes.push(unsaved.count()));
    const first = thumbs(traceId);
    const second = { ...thumbs(traceId), id: uuidv7(), supersedes: first.id };

    const result = await send([first]);
    expect(result).toEqual({ ok: false, kept: true, message: unsavedMessage(1, 'quota_exceeded') });
    expect(unsavedMessage(1, 'quota_exceeded')).toMatch(/^Not saved: your browser's storage for Stageback is full\./);
    expect(state.calls).toBe(1); // a full store is not hammered with quick retries
    expect(waits).toEqual([]);
    expect(await send([second])).toMatchObject({ ok: false, kept: true, message: /2 changes not saved/ });
    await unsaved.retry(); // still full
    expect(unsaved.count()).toBe(2);
    expect(await deps.db.events.count()).toBe(0);

    state.full = false;
    await unsaved.retry();
    expect(unsaved.count()).toBe(0);
    expect(await stored()).toEqual([first, second].sort(byId));
    await unsaved.retry(); // nothing left: nothing sent, nothing stored twice
    expect(await deps.db.events.count()).toBe(2);
    expect(changes).toEqual([1, 2, 2, 0]);
  });

  it('sends what is kept ahead of the next event, so a later choice never lands before the one it supersedes', async () => {
    const { state, send, unsaved } = fullStore();
    const first = thumbs(traceId);
    await send([first]);
    state.full = false;
    const order: string[] = [];
    deps.db.events.hook('creating', (_key, event) => void order.push(event.id));
    const next = { ...thumbs(traceId), id: uuidv7(), supersedes: first.id };
    expect(await send([next])).toEqual({ ok: true });
    expect(order).toEqual([first.id, next.id]);
    expect(unsaved.count()).toBe(0);
  });

  it('retries on its own while events are kept (5 s, 15 s, 30 s, then each minute), and stops once they are stored', async () => {
    const { state, send, unsaved } = fullStore();
    await send([thumbs(traceId)]);
    const due = () => timers.filter((t) => !t.cancelled);
    const fire = async () => {
      const timer = due()[0] as (typeof timers)[number];
      timer.cancelled = true; // fired, no longer due
      timer.fn();
      await until(() => due().length > 0 || unsaved.count() === 0);
    };
    expect(due().map((t) => t.ms)).toEqual([KEPT_RETRY_DELAYS_MS[0]]);
    for (const expected of [15_000, 30_000, 60_000, 60_000]) {
      await fire();
      expect(due().map((t) => t.ms)).toEqual([expected]);
    }
    expect(state.calls).toBe(5);
    expect(unsaved.count()).toBe(1);
    state.full = false;
    await fire();
    expect(unsaved.count()).toBe(0);
    expect(due()).toEqual([]);
    expect(await deps.db.events.count()).toBe(1);
  });

  it('stores a kept event once when its write landed but the reply was lost', async () => {
    let calls = 0;
    const { send, unsaved } = createEventSender(
      async (events) => {
        const reply = await dispatch('recordEvents', events, deps);
        if (calls++ < RETRY_DELAYS_MS.length + 1)
          throw new Error('The message port closed before a response was received.');
        return reply;
      },
      { sleep, setTimer },
    );
    const event = thumbs(traceId);
    expect(await send([event])).toMatchObject({ ok: false, kept: true });
    await unsaved.retry();
    expect(unsaved.count()).toBe(0);
    expect(await deps.db.events.toArray()).toEqual([event]);
  });

  it('refuses an invalid event without dropping or blocking the kept ones', async () => {
    const { state, send, unsaved } = fullStore();
    const kept = thumbs(traceId);
    await send([kept]);
    state.full = false;
    const invalid = { ...thumbs(traceId), stage: 'ranking' } as never;
    expect(await send([invalid])).toMatchObject({ ok: false, message: expect.stringContaining('invalid') });
    expect(unsaved.count()).toBe(1);
    await unsaved.retry();
    expect(await deps.db.events.toArray()).toEqual([kept]);
  });
});

describe('events the store refuses', () => {
  const capture = (draft: TraceDraft) => dispatch('captureTrace', draft, deps);
  const record = (events: FeedbackEvent[]) => dispatch('recordEvents', events, deps);

  it('never counts a refused event as saved: one about an answer this page never captured is refused in plain words', async () => {
    const { send, unsaved } = createEventSender(record, { sleep, setTimer, capture });
    const orphan = thumbs(uuidv7()); // e.g. a query-change signal about an answer deleted from the log
    const result = await send([orphan]);
    expect(result.ok).toBe(false); // it was counted as saved
    expect(result).toEqual({ ok: false, message: refusedMessage(1, 'unknown_trace') });
    expect(refusedMessage(1, 'unknown_trace')).toMatch(/^Not saved: Stageback refused 1 change about an answer/);
    expect(unsaved.count()).toBe(0); // not kept: it would be refused again
    expect(timers).toEqual([]);
    expect(await deps.db.events.count()).toBe(0);
  });

  it('refuses for good, and says why, an event refused for a reason it does not know', async () => {
    const event = thumbs(traceId);
    const { send, unsaved } = createEventSender(
      async () => ({ ok: true, data: { stored: 0, duplicates: 0, rejected: [{ id: event.id, reason: 'too_late' }] } }),
      { sleep, setTimer, capture },
    );
    const result = await send([event]);
    expect(result.ok).toBe(false);
    expect(result).toEqual({ ok: false, message: refusedMessage(1, 'too_late') });
    expect(refusedMessage(1, 'too_late')).toMatch(/refused 1 change as invalid \(too_late\)\. It cannot be saved\./);
    expect(unsaved.count()).toBe(0);
  });

  it('captures again an answer deleted from the log since, then stores the event about it', async () => {
    const sender = createEventSender(record, { sleep, setTimer, capture });
    const draft = traceDraft({ query: 'another question, asked on this page' });
    const landed: string[] = [];
    expect(await sender.capture(draft, (id) => void landed.push(id))).toEqual({ ok: true, traceId: draft.id });
    await deleteTraces(deps.db, [draft.id]);
    const event = thumbs(draft.id);
    expect(await sender.send([event])).toEqual({ ok: true });
    expect(await deps.db.traces.get(draft.id)).toMatchObject({ id: draft.id, answer: draft.answer });
    expect(await deps.db.events.toArray()).toEqual([event]);
    expect(landed).toEqual([draft.id, draft.id]);
    expect(sender.unsaved.count()).toBe(0);
  });

  it('says so when an event kept earlier is refused for good on a later try', async () => {
    const state = { full: true };
    const full = { ok: false as const, error: storageError(new DOMException('full', 'QuotaExceededError')) };
    const { send, unsaved } = createEventSender(async (events) => (state.full ? full : record(events)), {
      sleep,
      setTimer,
      capture,
    });
    await send([thumbs(uuidv7())]); // about no answer this page holds: kept while the store is full
    expect(unsaved.count()).toBe(1);
    state.full = false;
    await unsaved.retry();
    expect(unsaved.count()).toBe(0);
    expect(unsaved.refused()).toBe(refusedMessage(1, 'unknown_trace'));
  });
});

describe('an answer captured while the store is full', () => {
  /** The real background behind a switch that answers, for traces and events alike, as a full store does. */
  function fullStore() {
    const state = { full: true, captures: 0, writes: 0, order: [] as string[] };
    const full = () => ({
      ok: false as const,
      error: storageError(new DOMException('The current transaction exceeded its quota.', 'QuotaExceededError')),
    });
    const sender = createEventSender(
      async (events) => {
        state.writes++;
        if (state.full) return full();
        state.order.push(...events.map((e) => `event ${e.id}`));
        return dispatch('recordEvents', events, deps);
      },
      {
        sleep,
        setTimer,
        capture: async (draft) => {
          state.captures++;
          if (state.full) return full();
          state.order.push(`trace ${draft.id}`);
          return dispatch('captureTrace', draft, deps);
        },
      },
    );
    return { state, ...sender };
  }
  /** An answer of its own (another question), not stored yet. */
  const newDraft = () => traceDraft({ query: `a question of its own ${uuidv7()}` });

  it('keeps the trace, takes feedback meanwhile, and stores the trace, then the feedback, once each on retry', async () => {
    const { state, capture, send, unsaved } = fullStore();
    const draft = newDraft();
    const landed: string[] = [];
    const result = await capture(draft, (id) => void landed.push(id));
    expect(result).toEqual({ ok: false, kept: true, message: unsavedMessage(0, 'quota_exceeded', 'not_recorded') });
    expect(unsavedMessage(0, 'quota_exceeded', 'not_recorded')).toBe(
      "Not saved: your browser's storage for Stageback is full, so this answer could not be recorded yet. " +
        "Feedback you give on it is kept while this page is open. Free some space (for example, delete old feedback in Stageback's log), then Retry saving.",
    );
    expect(state.captures).toBe(1); // a full store is not hammered with quick retries
    expect(unsaved.traceKept(draft.id)).toBe(true);
    expect(unsaved.traceKept(traceId)).toBe(false);
    expect(unsaved.message(draft.id)).toMatch(/this answer could not be recorded yet/);
    expect(unsaved.message(traceId)).not.toMatch(/this answer/);

    // Feedback given before the trace is stored goes with the draft's id, and waits behind the trace.
    const event = thumbs(draft.id);
    expect(await send([event])).toMatchObject({ ok: false, kept: true });
    expect(state.writes).toBe(0); // never sent ahead of its trace
    expect(unsaved.count()).toBe(1);
    expect(unsaved.message(draft.id)).toMatch(/could not be recorded yet\. 1 change kept while this page is open/);
    await unsaved.retry(); // still full
    expect(await deps.db.traces.get(draft.id)).toBeUndefined();
    expect(landed).toEqual([]);

    state.full = false;
    await unsaved.retry();
    expect(state.order).toEqual([`trace ${draft.id}`, `event ${event.id}`]);
    expect(landed).toEqual([draft.id]);
    expect(unsaved.traceKept(draft.id)).toBe(false);
    expect(unsaved.count()).toBe(0);
    expect(await deps.db.traces.get(draft.id)).toMatchObject({ id: draft.id });
    expect(await deps.db.events.toArray()).toEqual([event]);
    await unsaved.retry(); // nothing left: nothing sent again
    expect(state.order).toHaveLength(2);
  });

  it('retries the trace on the same schedule as events, and a newer draft of the answer replaces the kept one', async () => {
    const { state, capture, unsaved } = fullStore();
    const draft = { ...newDraft(), answer: { ...newDraft().answer, complete: false } };
    await capture(draft, () => {});
    const due = () => timers.filter((t) => !t.cancelled);
    expect(due().map((t) => t.ms)).toEqual([KEPT_RETRY_DELAYS_MS[0]]);
    const grown = { ...draft, answer: { ...draft.answer, text: `${draft.answer.text} More.`, complete: true } };
    expect(await capture(grown, () => {})).toMatchObject({ ok: false, kept: true });
    state.full = false;
    const timer = due()[0] as (typeof timers)[number];
    timer.cancelled = true;
    timer.fn();
    await until(() => !unsaved.traceKept(draft.id));
    expect(unsaved.traceKept(draft.id)).toBe(false);
    expect(due()).toEqual([]);
    expect(state.order).toEqual([`trace ${draft.id}`]);
    expect(await deps.db.traces.get(draft.id)).toMatchObject({ answer: { text: grown.answer.text, complete: true } });
  });

  it('moves feedback kept under a draft id to the stored id when the answer was captured before (e.g. before a reload)', async () => {
    const { state, capture, send, unsaved } = fullStore();
    const stored = await deps.db.traces.get(traceId);
    const again = { ...traceDraft(), id: uuidv7() }; // same answer as the stored one, another page load
    expect(again.answer.text).toBe(stored?.answer.text);
    const landed: string[] = [];
    await capture(again, (id) => void landed.push(id));
    const event = thumbs(again.id);
    await send([event]);
    state.full = false;
    await unsaved.retry();
    expect(landed).toEqual([traceId]);
    expect(await deps.db.events.toArray()).toEqual([{ ...event, traceId }]);
    // Later events given with the draft's id go with the stored one too.
    const later = { ...thumbs(again.id), supersedes: event.id };
    expect(await send([later])).toEqual({ ok: true });
    expect(await deps.db.events.get(later.id)).toMatchObject({ traceId });
    expect(await deps.db.traces.count()).toBe(1);
  });

  it('says plainly when the answer can never be recorded', async () => {
    const { capture, unsaved } = createEventSender(
      async () => ({ ok: true, data: { stored: 0, duplicates: 0, rejected: [] } }),
      {
        sleep,
        setTimer,
        capture: (draft) => dispatch('captureTrace', draft, deps),
      },
    );
    const result = await capture({ ...newDraft(), siteId: '' } as TraceDraft, () => {});
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('invalid "captureTrace"') });
    expect('kept' in result).toBe(false);
    expect(unsaved.count()).toBe(0);
    expect(timers).toEqual([]);
  });
});
