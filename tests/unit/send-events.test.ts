import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { type BackgroundDeps, dispatch } from '../../utils/background/dispatch';
import { createQueryHistory } from '../../utils/background/query-history';
import { createTabTraces } from '../../utils/background/tab-traces';
import { createEventSender, RETRY_DELAYS_MS } from '../../utils/content/send-events';
import { uuidv7 } from '../../utils/uuidv7';
import { thumbs, traceDraft } from '../support/factories';

let deps: BackgroundDeps;
let traceId: string;
const waits: number[] = [];
const sleep = async (ms: number) => {
  waits.push(ms);
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
});
afterEach(async () => {
  deps.db.close();
  await Dexie.delete(deps.db.name);
});

describe('content-side sending', () => {
  it('resends when the reply is lost after the store wrote: the event is stored once', async () => {
    let calls = 0;
    const send = createEventSender(async (events) => {
      const reply = await dispatch('recordEvents', events, deps);
      if (calls++ === 0) throw new Error('The message port closed before a response was received.');
      return reply;
    }, sleep);
    const event = thumbs(traceId);
    expect(await send([event])).toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(waits).toEqual([RETRY_DELAYS_MS[0]]);
    expect(await deps.db.events.toArray()).toEqual([event]);
  });

  it('retries a background that does not answer, then reports the last error', async () => {
    let calls = 0;
    const send = createEventSender(async () => {
      calls++;
      throw new Error('Could not establish connection. Receiving end does not exist.');
    }, sleep);
    expect(await send([thumbs(traceId)])).toEqual({
      ok: false,
      message: 'Could not establish connection. Receiving end does not exist.',
    });
    expect(calls).toBe(RETRY_DELAYS_MS.length + 1);
    expect(waits).toEqual(RETRY_DELAYS_MS);
  });

  it('does not retry what would fail again: an invalid event, a dead extension context', async () => {
    let calls = 0;
    const invalid = createEventSender(async (events) => {
      calls++;
      return dispatch('recordEvents', events, deps);
    }, sleep);
    const result = await invalid([{ ...thumbs(traceId), stage: 'ranking' } as never]);
    expect(result.ok).toBe(false);
    expect(calls).toBe(1);

    const gone = createEventSender(async () => {
      calls++;
      throw new Error('Extension context invalidated.');
    }, sleep);
    expect((await gone([thumbs(traceId)])).ok).toBe(false);
    expect(calls).toBe(2);
    expect(waits).toEqual([]);
  });
});
