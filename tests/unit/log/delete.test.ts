import { describe, expect, it } from 'vitest';
import { rebuildAggregates } from '../../../storage/aggregates';
import type { StagebackDB } from '../../../storage/db';
import { deleteAll, deleteEvents, deleteTraces } from '../../../storage/delete';
import { useTestDbs } from '../../support/test-db';
import { EVENTS, eventId, fillDataset, TRACES, traceId } from '../exports/dataset';

const filledDb = useTestDbs('delete', fillDataset);

/** Counters as a map without zero rows, so "absent" and "0" compare equal. */
async function counters(db: StagebackDB): Promise<Record<string, number>> {
  const rows = await db.aggregates.toArray();
  return Object.fromEntries(rows.filter((r) => r.count !== 0).map((r) => [r.key, r.count]));
}

/** What the counters must be for what is left: recomputed from scratch. */
async function expectedCounters(db: StagebackDB): Promise<Record<string, number>> {
  const { aggregates } = rebuildAggregates(await db.traces.toArray(), await db.events.toArray());
  return Object.fromEntries(aggregates.filter((r) => r.count !== 0).map((r) => [r.key, r.count]));
}

describe('deleting keeps the counters right', () => {
  it('add then delete every event one by one returns every counter to zero', async () => {
    const db = await filledDb();
    expect(Object.keys(await counters(db)).length).toBeGreaterThan(10);
    for (const event of [...EVENTS].reverse()) await deleteEvents(db, [event.id]);
    expect(await counters(db)).toEqual({});
    expect(await db.aggregates.count()).toBe(0);
    expect(await db.events.count()).toBe(0);
    // The answers stay (captured, now unreviewed).
    const traces = await db.traces.toArray();
    expect(traces).toHaveLength(TRACES.length);
    expect(traces.every((t) => t.firstFeedbackAt === undefined)).toBe(true);
  });

  it('deleting some events leaves exactly the counters of what is left', async () => {
    const db = await filledDb();
    const some = EVENTS.filter((_, i) => i % 3 === 0).map((e) => e.id);
    const result = await deleteEvents(db, [...some, eventId(9999)]);
    expect(result.events).toBe(some.length);
    expect(await counters(db)).toEqual(await expectedCounters(db));
  });

  it("moves firstFeedbackAt to the next event when a trace's first event goes", async () => {
    const db = await filledDb();
    const ofTrace = EVENTS.filter((e) => e.traceId === traceId(1)).sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
    const [first, second] = ofTrace;
    await deleteEvents(db, [first?.id ?? '']);
    expect((await db.traces.get(traceId(1)))?.firstFeedbackAt).toBe(second?.createdAt);
    expect(await counters(db)).toEqual(await expectedCounters(db));
  });

  it('deleting a trace takes its events and its counters', async () => {
    const db = await filledDb();
    const result = await deleteTraces(db, [traceId(1)]);
    expect(result.traces).toBe(1);
    expect(result.events).toBe(EVENTS.filter((e) => e.traceId === traceId(1)).length);
    expect(await db.traces.get(traceId(1))).toBeUndefined();
    expect(await db.events.filter((e) => e.traceId === traceId(1)).count()).toBe(0);
    expect(await counters(db)).toEqual(await expectedCounters(db));
    await deleteTraces(
      db,
      TRACES.map((t) => t.id),
    );
    expect(await counters(db)).toEqual({});
  });

  it('deleteAll empties every table', async () => {
    const db = await filledDb();
    await db.outbox.add({
      eventId: EVENTS[0]?.id ?? '',
      traceId: EVENTS[0]?.traceId ?? '',
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      queuedAt: 0,
    });
    const result = await deleteAll(db);
    expect(result).toEqual({ events: EVENTS.length, traces: TRACES.length });
    for (const table of [db.traces, db.events, db.aggregates, db.outbox]) expect(await table.count()).toBe(0);
  });

  it('rolls back when the transaction fails', async () => {
    const db = await filledDb();
    const before = await counters(db);
    db.aggregates.hook('deleting', () => {
      throw new Error('boom');
    });
    await expect(
      deleteEvents(
        db,
        EVENTS.map((e) => e.id),
      ),
    ).rejects.toThrow();
    expect(await db.events.count()).toBe(EVENTS.length);
    expect(await counters(db)).toEqual(before);
  });
});
