import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import type { FeedbackEvent } from '../../storage/schema';
import { type BackgroundDeps, dispatch, storageError } from '../../utils/background/dispatch';
import { createQueryHistory } from '../../utils/background/query-history';
import { createTabTraces } from '../../utils/background/tab-traces';
import {
  createEventSender,
  KEPT_RETRY_DELAYS_MS,
  RETRY_DELAYS_MS,
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
      await new Promise((r) => setTimeout(r, 10));
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
