import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { aggregateKey, localDay } from '../../storage/aggregates';
import { SCHEMA_VERSIONS, StagebackDB } from '../../storage/db';
import { contentHash } from '../../storage/trace-store';
import { spanLabel, thumbs, traceDraft } from '../support/factories';

const NAME = 'upgrade-test';

afterEach(() => Dexie.delete(NAME));

describe('database upgrade from version 1', () => {
  it('keeps every trace and event and builds the dashboard aggregates', async () => {
    const v1 = new Dexie(NAME);
    v1.version(1).stores(SCHEMA_VERSIONS[1]);
    const traces = await Promise.all(
      [traceDraft(), traceDraft({ siteId: 'perplexity', query: 'other' })].map(async (d) => ({
        ...d,
        contentHash: await contentHash(d),
      })),
    );
    const [a, b] = traces as [(typeof traces)[0], (typeof traces)[0]];
    const events = [thumbs(a.id), spanLabel(a.id), spanLabel(b.id, 'unverifiable')];
    await v1.table('traces').bulkAdd(traces);
    await v1.table('events').bulkAdd(events);
    v1.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.traces.toArray()).toHaveLength(2);
    expect((await db.events.toArray()).map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(await db.events.get(events[1]?.id ?? '')).toEqual(events[1]);

    const count = async (name: string) => (await db.aggregates.get(aggregateKey('all', name)))?.count;
    expect(await count('events')).toBe(3);
    expect(await count('answers')).toBe(2);
    expect(await count('stage=answer')).toBe(2);
    expect(await count('site=perplexity')).toBe(1);
    expect(await count('label=unverifiable')).toBe(1);
    const today = localDay(events[0]?.createdAt ?? '');
    expect((await db.aggregates.get(aggregateKey(`d:${today}`, 'events')))?.count).toBe(3);
    expect((await db.traces.get(a.id))?.firstFeedbackAt).toBe(events[0]?.createdAt);
    db.close();
  });
});

describe('database upgrade from version 2', () => {
  it('gives outbox rows their trace id and queue time, drops rows of missing events, and keeps states', async () => {
    const v2 = new Dexie(NAME);
    v2.version(2).stores(SCHEMA_VERSIONS[2]);
    const draft = traceDraft();
    const trace = { ...draft, contentHash: await contentHash(draft) };
    const [a, b] = [thumbs(trace.id), spanLabel(trace.id)];
    await v2.table('traces').add(trace);
    await v2.table('events').bulkAdd([a, b]);
    await v2.table('outbox').bulkAdd([
      { eventId: a.id, state: 'pending', attempts: 0, nextAttemptAt: 5 },
      { eventId: b.id, state: 'dead', attempts: 3, nextAttemptAt: 9, lastError: '400: invalid' },
      { eventId: 'gone', state: 'pending', attempts: 0, nextAttemptAt: 0 },
    ]);
    v2.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.outbox.get('gone')).toBeUndefined();
    expect(await db.outbox.get(a.id)).toEqual({
      eventId: a.id,
      traceId: trace.id,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 5,
      queuedAt: 5,
    });
    expect(await db.outbox.get(b.id)).toMatchObject({ traceId: trace.id, state: 'dead', lastError: '400: invalid' });
    expect(await db.syncedTraces.count()).toBe(0);
    expect(await db.events.count()).toBe(2);
    db.close();
  });
});
