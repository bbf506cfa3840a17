import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregateKey } from '../../storage/aggregates';
import { StagebackDB } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { readDashboardCounts } from '../../storage/queries/dashboard';
import { upsertTrace } from '../../storage/trace-store';
import { uuidv7 } from '../../utils/uuidv7';
import { spanLabel, thumbs, traceDraft } from '../support/factories';

let db: StagebackDB;
beforeEach(async () => {
  db = new StagebackDB(`writer-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('event writer', () => {
  it('stores events, counts duplicates once, and rejects events of unknown traces', async () => {
    const { traceId } = await upsertTrace(db, traceDraft());
    const writer = createEventWriter(db);
    const first = thumbs(traceId);
    const orphan = thumbs(uuidv7());
    expect(await writer.write([first, spanLabel(traceId)])).toEqual({ stored: 2, duplicates: 0, rejected: [] });
    expect(await writer.write([first, orphan])).toEqual({
      stored: 0,
      duplicates: 1,
      rejected: [{ id: orphan.id, reason: 'unknown_trace' }],
    });
    expect(await db.events.count()).toBe(2);
    expect((await db.aggregates.get(aggregateKey('all', 'events')))?.count).toBe(2);
  });

  it('coalesces a burst into few transactions and loses nothing', async () => {
    // Dexie only takes middleware registered before the database opens.
    db.close();
    db = new StagebackDB(db.name);
    let transactions = 0;
    db.use({
      stack: 'dbcore',
      name: 'count-transactions',
      create: (down) => ({
        ...down,
        transaction: (...args) => {
          transactions++;
          return down.transaction(...args);
        },
      }),
    });
    await db.open();
    const { traceId } = await upsertTrace(db, traceDraft());
    const writer = createEventWriter(db);
    const before = transactions;
    const events = Array.from({ length: 1_000 }, () => thumbs(traceId));
    // The same event sent twice in one burst must still be stored once.
    const results = await Promise.all([...events, events[0]!].map((e) => writer.write([e])));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(1_000);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(1);
    expect(await db.events.count()).toBe(1_000);
    expect(transactions - before).toBeGreaterThan(0);
    expect(transactions - before).toBeLessThan(20);
    const counts = await readDashboardCounts(db);
    expect(counts.events).toEqual({ today: 1_000, week: 1_000, all: 1_000 });
    expect(counts.answers.all).toBe(1);
    expect(counts.by.stage).toEqual({ overall: 1_000 });
  });
});

describe('trace store', () => {
  it('treats the same answer captured twice as one trace and updates a streaming one in place', async () => {
    const draft = traceDraft({ answer: { text: 'Partial', sentences: [], complete: false } });
    const first = await upsertTrace(db, draft);
    expect(first.created).toBe(true);
    const grown = { ...draft, answer: { text: 'Partial answer, now done.', sentences: [], complete: true } };
    expect((await upsertTrace(db, grown)).traceId).toBe(draft.id);
    expect(await db.traces.count()).toBe(1);
    expect((await db.traces.get(draft.id))?.answer.complete).toBe(true);

    const again = { ...grown, id: uuidv7() };
    expect(await upsertTrace(db, again)).toEqual({ traceId: draft.id, created: false });
    expect(await db.traces.count()).toBe(1);
  });
});
