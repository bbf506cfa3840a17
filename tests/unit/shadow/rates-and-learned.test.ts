import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { createEventWriter } from '../../../storage/event-writer';
import { readShadowRates } from '../../../storage/queries/shadow-rates';
import type { FeedbackEvent } from '../../../storage/schema';
import { upsertTrace } from '../../../storage/trace-store';
import { makeEvent } from '../../../utils/content/make-event';
import { readLearnedFromLog } from '../../../utils/shadow/learned-from-log';
import { describeLearned, profileNote } from '../../../utils/shadow/learned-words';
import { uuidv7 } from '../../../utils/uuidv7';
import { traceDraft } from '../../support/factories';

let db: StagebackDB;
beforeEach(async () => {
  db = new StagebackDB(`shadow-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const AGENTS = {
  1: { name: 'stageback-shadow-stats', version: '1', confidence: 0.9 },
  2: { name: 'stageback-shadow-llm:llama3.2', version: '1', confidence: 0.5 },
} as const;

function flag(traceId: string, origin: FeedbackEvent['origin'], tier?: 1 | 2, supersedes?: string): FeedbackEvent {
  const event = makeEvent(
    traceId,
    {
      stage: 'retrieval',
      target: { type: 'source', sourceId: 's1' },
      kind: 'label',
      value: { label: 'unreliable_source' },
      origin,
    },
    supersedes,
  );
  return tier ? { ...event, agent: AGENTS[tier] } : event;
}

function grade(traceId: string, value: 0 | 3, origin: FeedbackEvent['origin'] = 'user', tier?: 2): FeedbackEvent {
  const event = makeEvent(traceId, {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 's1' },
    kind: 'relevance',
    value,
    origin,
  });
  return tier ? { ...event, agent: AGENTS[tier] } : event;
}

async function newTrace(domain = 'sleepfoundation.org') {
  const draft = traceDraft();
  const source = { ...draft.sources[0]!, domain, url: `https://${domain}/page` };
  // A trace is one per site, query and answer text: each gets its own query.
  return (await upsertTrace(db, { ...draft, query: `question ${uuidv7()}`, sources: [source] })).traceId;
}

describe('acceptance rates in the popup', () => {
  it('count proposals, confirmations and rejections per tier and kind from the counters the writer keeps', async () => {
    const writer = createEventWriter(db);
    const t = await newTrace();
    const p1 = flag(t, 'shadow', 1);
    const p2 = flag(t, 'shadow', 1);
    const p3 = flag(t, 'shadow', 1);
    const m1 = grade(t, 0, 'shadow', 2);
    await writer.write([p1, p2, p3, m1]);
    await writer.write([
      flag(t, 'shadow_confirmed', 1, p1.id),
      flag(t, 'shadow_rejected', 1, p2.id),
      { ...grade(t, 0, 'shadow_confirmed', 2), supersedes: m1.id },
      grade(t, 3),
    ]);
    expect(await readShadowRates(db)).toEqual([
      { tier: 1, kind: 'unreliable_source', proposed: 3, confirmed: 1, rejected: 1 },
      { tier: 2, kind: 'irrelevant_source', proposed: 1, confirmed: 1, rejected: 0 },
    ]);
  });
});

describe('what the shadow has learned, in words', () => {
  it('names domains the user judged at least twice the same way, and aspects; proposals count only once confirmed', async () => {
    const writer = createEventWriter(db);
    const bad = [await newTrace('example.com'), await newTrace('example.com')];
    const good = [await newTrace('nih.gov'), await newTrace('nih.gov')];
    const once = await newTrace('once.org');
    const unconfirmed = [await newTrace('shadowy.net'), await newTrace('shadowy.net')];
    const aspect = (traceId: string) =>
      makeEvent(traceId, {
        stage: 'decomposition',
        target: { type: 'stage' },
        kind: 'label',
        value: { label: 'missing_aspect', text: 'shift workers' },
      });
    await writer.write([
      flag(bad[0]!, 'user'),
      grade(bad[1]!, 0),
      grade(good[0]!, 3),
      grade(good[1]!, 3),
      flag(once, 'user'),
      flag(unconfirmed[0]!, 'shadow', 1),
      flag(unconfirmed[1]!, 'shadow', 1),
      aspect(good[0]!),
      aspect(bad[0]!),
    ]);
    const learned = await readLearnedFromLog(db, null);
    const words = describeLearned(learned.domains, learned.aspects);
    expect(words).toEqual({
      trusted: ['nih.gov: you graded its pages as relevant twice.'],
      doubted: ['example.com: you flagged its pages as unreliable once and you graded its pages as irrelevant once.'],
      aspects: ['“shift workers”: you said it was missing twice.'],
    });
    expect(profileNote(words)).toContain('Doubts: example.com');
  });

  it('a reset leaves out everything before it; nothing is deleted', async () => {
    const writer = createEventWriter(db);
    const t = [await newTrace('example.com'), await newTrace('example.com')];
    await writer.write([flag(t[0]!, 'user'), flag(t[1]!, 'user')]);
    const resetAt = new Date(Date.now() + 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const after = await readLearnedFromLog(db, resetAt);
    expect(describeLearned(after.domains, after.aspects).doubted).toEqual([]);
    expect(await db.events.count()).toBe(2);
    const before = await readLearnedFromLog(db, null);
    expect(describeLearned(before.domains, before.aspects).doubted).toHaveLength(1);
  });
});
