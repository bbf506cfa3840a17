import Dexie from 'dexie';
import { aggregateDeltas } from './aggregates';
import type { StagebackDB } from './db';
import type { FeedbackEvent, Trace } from './schema';
import { forgetSent, forgetTraces } from './sync/outbox';

export interface DeleteResult {
  events: number;
  traces: number;
}

/** How a trace's `firstFeedbackAt` changes when some of its events go. */
interface ReviewChange {
  traceId: string;
  /** The day counter `answers` was bumped on; subtracted. */
  was: string;
  /** The earliest remaining event, which becomes the new `firstFeedbackAt`; undefined when none remains. */
  now: string | undefined;
}

/**
 * Subtracts from the counters exactly what `addToAggregates` added for these events and these newly reviewed
 * traces, and adds back `rereviewed` (a trace whose earliest event went now counts on its next one's day).
 * Counters that reach zero are removed. Call inside the deleting transaction.
 */
export async function removeFromAggregates(
  db: StagebackDB,
  events: readonly FeedbackEvent[],
  siteOfTrace: (traceId: string) => string | undefined,
  unreviewed: ReadonlyArray<{ firstFeedbackAt: string }>,
  rereviewed: ReadonlyArray<{ firstFeedbackAt: string }> = [],
): Promise<void> {
  const deltas = new Map<string, number>();
  for (const [key, n] of aggregateDeltas(events, siteOfTrace, unreviewed)) deltas.set(key, -n);
  for (const [key, n] of aggregateDeltas([], siteOfTrace, rereviewed)) deltas.set(key, (deltas.get(key) ?? 0) + n);
  const keys = [...deltas.keys()];
  const current = await db.aggregates.bulkGet(keys);
  const keep: { key: string; count: number }[] = [];
  const drop: string[] = [];
  for (const [i, key] of keys.entries()) {
    const count = (current[i]?.count ?? 0) + (deltas.get(key) ?? 0);
    if (count > 0) keep.push({ key, count });
    else drop.push(key);
  }
  await db.aggregates.bulkPut(keep);
  await db.aggregates.bulkDelete(drop);
}

async function earliestEventAt(db: StagebackDB, traceId: string): Promise<string | undefined> {
  const first = await db.events
    .where('[traceId+createdAt]')
    .between([traceId, Dexie.minKey], [traceId, Dexie.maxKey])
    .first();
  return first?.createdAt;
}

/** Deletes events by id, in one transaction, keeping counters and `firstFeedbackAt` right. Unknown ids are ignored. */
export async function deleteEvents(db: StagebackDB, ids: readonly string[]): Promise<DeleteResult> {
  if (ids.length === 0) return { events: 0, traces: 0 };
  return db.transaction('rw', [db.events, db.traces, db.aggregates, db.outbox, db.syncedTraces], async () => {
    const events = (await db.events.bulkGet([...ids])).filter((e) => e !== undefined);
    if (events.length === 0) return { events: 0, traces: 0 };
    const traceIds = [...new Set(events.map((e) => e.traceId))];
    const traces = (await db.traces.bulkGet(traceIds)).filter((t) => t !== undefined);
    const traceById = new Map(traces.map((t) => [t.id, t]));
    const deletedIds = events.map((e) => e.id);
    await db.events.bulkDelete(deletedIds);
    await db.outbox.bulkDelete(deletedIds);
    await forgetSent(
      db,
      events.map((e) => ({ eventId: e.id, traceId: e.traceId })),
    );

    const changes: ReviewChange[] = [];
    for (const trace of traces) {
      if (!trace.firstFeedbackAt) continue;
      const now = await earliestEventAt(db, trace.id);
      if (now !== trace.firstFeedbackAt) changes.push({ traceId: trace.id, was: trace.firstFeedbackAt, now });
    }
    await removeFromAggregates(
      db,
      events,
      (id) => traceById.get(id)?.siteId,
      changes.map((c) => ({ firstFeedbackAt: c.was })),
      changes.flatMap((c) => (c.now ? [{ firstFeedbackAt: c.now }] : [])),
    );
    for (const c of changes) {
      const trace = traceById.get(c.traceId) as Trace;
      if (c.now) await db.traces.update(c.traceId, { firstFeedbackAt: c.now });
      else {
        const { firstFeedbackAt: _gone, ...rest } = trace;
        await db.traces.put(rest);
      }
    }
    return { events: events.length, traces: 0 };
  });
}

/** Deletes answers with all their events, in one transaction. */
export async function deleteTraces(db: StagebackDB, traceIds: readonly string[]): Promise<DeleteResult> {
  if (traceIds.length === 0) return { events: 0, traces: 0 };
  return db.transaction('rw', [db.events, db.traces, db.aggregates, db.outbox, db.syncedTraces], async () => {
    const traces = (await db.traces.bulkGet([...traceIds])).filter((t) => t !== undefined);
    const events: FeedbackEvent[] = [];
    for (const id of traceIds) {
      events.push(
        ...(await db.events.where('[traceId+createdAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray()),
      );
    }
    const siteById = new Map(traces.map((t) => [t.id, t.siteId]));
    const eventIds = events.map((e) => e.id);
    await db.events.bulkDelete(eventIds);
    await db.outbox.bulkDelete(eventIds);
    await db.traces.bulkDelete(traces.map((t) => t.id));
    await forgetTraces(
      db,
      traces.map((t) => t.id),
    );
    const reviewed = traces.flatMap((t) => (t.firstFeedbackAt ? [{ firstFeedbackAt: t.firstFeedbackAt }] : []));
    await removeFromAggregates(db, events, (id) => siteById.get(id), reviewed);
    return { events: events.length, traces: traces.length };
  });
}

/** Deletes every answer, event, counter, queued sync item, reading-health record and what the shadow agent learned, in one transaction. */
export async function deleteAll(db: StagebackDB): Promise<DeleteResult> {
  const tables = [db.events, db.traces, db.aggregates, db.outbox, db.syncedTraces, db.readingHealth, db.shadowProfile];
  return db.transaction('rw', tables, async () => {
    const [events, traces] = await Promise.all([db.events.count(), db.traces.count()]);
    await Promise.all(tables.map((t) => t.clear()));
    return { events, traces };
  });
}
