import Dexie, { type Table } from 'dexie';
import { type OutboxItem, type OutboxState, SENT_COUNTER_KEY, type StagebackDB, type SyncedTrace } from '../db';
import { outboxRows } from '../event-writer';

const range = (state: OutboxState, upTo: number = Number.POSITIVE_INFINITY) =>
  [
    [state, Dexie.minKey],
    [state, upTo === Number.POSITIVE_INFINITY ? Dexie.maxKey : upTo],
  ] as const;

export function inState(db: StagebackDB, state: OutboxState, upTo?: number) {
  const [lower, upper] = range(state, upTo);
  return db.outbox.where('[state+nextAttemptAt]').between(lower, upper, true, true);
}

/** Pending items due at `now` (all of them with `now` = Infinity), oldest due first. */
export function duePending(db: StagebackDB, now: number, limit: number): Promise<OutboxItem[]> {
  return inState(db, 'pending', now).limit(limit).toArray();
}

/** Rows per state, and `sent`: events the collector confirmed that are still stored here. */
export type OutboxCounts = Record<OutboxState | 'sent', number>;

async function sentCount(db: StagebackDB): Promise<number> {
  return (await db.aggregates.get(SENT_COUNTER_KEY))?.count ?? 0;
}

export async function countOutbox(db: StagebackDB): Promise<OutboxCounts> {
  const [pending, held, dead, skipped, sent] = await Promise.all([
    ...(['pending', 'held', 'dead', 'skipped'] as const).map((s) => inState(db, s).count()),
    sentCount(db),
  ]);
  return { pending, held, sent, dead, skipped } as OutboxCounts;
}

export interface SentEvent {
  eventId: string;
  traceId: string;
}

/**
 * Records what the collector confirmed, in one transaction: each event's outbox row is deleted and its id added
 * to its trace's `sentEvents`; traces sent with a content hash remember it. Events deleted while their batch was in
 * flight (no outbox row any more) are left out. Returns how many events were recorded as sent.
 *
 * Rows are deleted by key range: a batch is a run of neighbouring keys, and one range delete costs about what
 * twenty single deletes do. Keys in the range that are not part of the batch split it into several ranges.
 */
export async function recordSent(
  db: StagebackDB,
  events: readonly SentEvent[],
  traces: ReadonlyArray<{ id: string; contentHash: string }> = [],
): Promise<number> {
  if (events.length === 0 && traces.length === 0) return 0;
  return db.transaction('rw', [db.outbox, db.syncedTraces, db.aggregates], async () => {
    const present = await deleteRows(
      db,
      events.map((e) => e.eventId),
    );
    const sentByTrace = new Map<string, string[]>();
    for (const e of events) {
      if (!present.has(e.eventId)) continue;
      const ids = sentByTrace.get(e.traceId) ?? [];
      ids.push(e.eventId);
      sentByTrace.set(e.traceId, ids);
    }
    const hashes = new Map(traces.map((t) => [t.id, t.contentHash]));
    const traceIds = [...new Set([...sentByTrace.keys(), ...hashes.keys()])];
    const current = await db.syncedTraces.bulkGet(traceIds);
    await db.syncedTraces.bulkPut(
      traceIds.map((id, i): SyncedTrace => {
        const was = current[i];
        const added = sentByTrace.get(id);
        const contentHash = hashes.get(id) ?? was?.contentHash;
        const sentEvents = added ? [...(was?.sentEvents ?? []), ...added] : was?.sentEvents;
        return { id, ...(contentHash ? { contentHash } : {}), ...(sentEvents ? { sentEvents } : {}) };
      }),
    );
    if (present.size > 0) await addToSentCounter(db, present.size);
    return present.size;
  });
}

/** Deletes the outbox rows of these ids that exist, by key ranges; returns the ids that existed. */
async function deleteRows(db: StagebackDB, ids: readonly string[]): Promise<Set<string>> {
  const present = new Set<string>();
  if (ids.length === 0) return present;
  const wanted = new Set(ids);
  const sorted = [...wanted].sort();
  const range = db.outbox.where(':id').between(sorted[0] as string, sorted[sorted.length - 1] as string, true, true);
  if ((await range.count()) > wanted.size * 2) {
    // Scattered ids (retried ones among new ones): walking the keys between them would cost more than deleting.
    const rows = await db.outbox.bulkGet(sorted);
    const existing = sorted.filter((_, i) => rows[i] !== undefined);
    await db.outbox.bulkDelete(existing);
    return new Set(existing);
  }
  const keys = (await range.primaryKeys()) as string[];
  let run: string[] = [];
  const flush = async () => {
    const [first] = run;
    const last = run[run.length - 1];
    if (first !== undefined && last !== undefined) {
      await db.outbox.where(':id').between(first, last, true, true).delete();
    }
    run = [];
  };
  for (const key of keys) {
    if (wanted.has(key)) {
      present.add(key);
      run.push(key);
    } else await flush();
  }
  await flush();
  return present;
}

async function addToSentCounter(db: StagebackDB, delta: number): Promise<void> {
  const count = (await sentCount(db)) + delta;
  if (count > 0) await db.aggregates.put({ key: SENT_COUNTER_KEY, count });
  else await db.aggregates.delete(SENT_COUNTER_KEY);
}

/**
 * Forgets that these events were sent (they are being deleted). Call inside the deleting transaction, which must
 * include `syncedTraces` and `aggregates`.
 */
export async function forgetSent(db: StagebackDB, events: readonly SentEvent[]): Promise<void> {
  const byTrace = new Map<string, Set<string>>();
  for (const e of events) byTrace.set(e.traceId, (byTrace.get(e.traceId) ?? new Set()).add(e.eventId));
  const traceIds = [...byTrace.keys()];
  const rows = await db.syncedTraces.bulkGet(traceIds);
  let forgotten = 0;
  const changed: SyncedTrace[] = [];
  for (const [i, row] of rows.entries()) {
    const gone = byTrace.get(traceIds[i] as string);
    if (!row?.sentEvents || !gone) continue;
    const kept = row.sentEvents.filter((id) => !gone.has(id));
    if (kept.length === row.sentEvents.length) continue;
    forgotten += row.sentEvents.length - kept.length;
    changed.push({ ...row, sentEvents: kept });
  }
  if (changed.length === 0) return;
  await db.syncedTraces.bulkPut(changed);
  await addToSentCounter(db, -forgotten);
}

/** Forgets everything sync knows of these traces (they are being deleted). Call inside the deleting transaction. */
export async function forgetTraces(db: StagebackDB, traceIds: readonly string[]): Promise<void> {
  const rows = await db.syncedTraces.bulkGet([...traceIds]);
  const forgotten = rows.reduce((n, r) => n + (r?.sentEvents?.length ?? 0), 0);
  await db.syncedTraces.bulkDelete([...traceIds]);
  if (forgotten > 0) await addToSentCounter(db, -forgotten);
}

/**
 * Records by primary key, in the order asked. Each `get` is one IndexedDB request, and requests are what a drain
 * spends its time on; ids queued together sit next to each other (UUIDv7), so one range read usually returns
 * them all. When they are scattered (the range holds many others), it falls back to one get per id.
 */
export async function readByIds<T, I>(table: Table<T, string, I>, ids: readonly string[]): Promise<(T | undefined)[]> {
  if (ids.length < 64) return table.bulkGet([...ids]);
  const sorted = [...ids].sort();
  const range = table.where(':id').between(sorted[0] as string, sorted[sorted.length - 1] as string, true, true);
  if ((await range.count()) > ids.length * 2) return table.bulkGet([...ids]);
  const key = table.schema.primKey.keyPath as string;
  const byId = new Map((await range.toArray()).map((r) => [(r as Record<string, unknown>)[key] as string, r]));
  return ids.map((id) => byId.get(id));
}

/**
 * Changes rows that still exist (the user may have deleted an event while its batch was in flight), in one
 * transaction. Returns how many changed.
 */
export async function updateRows(
  db: StagebackDB,
  ids: readonly string[],
  change: (row: OutboxItem) => OutboxItem | null,
): Promise<number> {
  if (ids.length === 0) return 0;
  return db.transaction('rw', db.outbox, async () => {
    const rows = await readByIds(db.outbox, ids);
    const next = rows.flatMap((row) => {
      const changed = row ? change(row) : null;
      return changed ? [changed] : [];
    });
    await db.outbox.bulkPut(next);
    return next.length;
  });
}

/** Held items the user approved become pending (due at once); others stay held. */
export function approveHeld(db: StagebackDB, ids: readonly string[] | 'all'): Promise<number> {
  return moveHeld(db, ids, (row) => ({ ...row, state: 'pending', nextAttemptAt: 0 }));
}

/** Held items the user keeps out of the upload: `skipped`. The events themselves stay. */
export function skipHeld(db: StagebackDB, ids: readonly string[] | 'all'): Promise<number> {
  return moveHeld(db, ids, (row) => ({ ...row, state: 'skipped' }));
}

async function moveHeld(
  db: StagebackDB,
  ids: readonly string[] | 'all',
  change: (row: OutboxItem) => OutboxItem,
): Promise<number> {
  if (ids !== 'all') return updateRows(db, ids, (row) => (row.state === 'held' ? change(row) : null));
  let moved = 0;
  for (;;) {
    const keys = (await inState(db, 'held').limit(2_000).primaryKeys()) as string[];
    if (keys.length === 0) return moved;
    moved += await updateRows(db, keys, (row) => (row.state === 'held' ? change(row) : null));
  }
}

/** Events stored that are neither in the outbox nor sent: recorded while sync was off. */
export async function countUnqueued(db: StagebackDB): Promise<number> {
  const [events, queued, sent] = await Promise.all([db.events.count(), db.outbox.count(), sentCount(db)]);
  return Math.max(0, events - queued - sent);
}

/** Queues every event that has no outbox row yet (in chunks, each its own transaction). */
export async function queueUnqueued(db: StagebackDB, state: 'pending' | 'held', chunk = 2_000): Promise<number> {
  let queued = 0;
  let after: string | undefined;
  for (;;) {
    const events = await (after === undefined ? db.events.orderBy(':id') : db.events.where(':id').above(after))
      .limit(chunk)
      .toArray();
    if (events.length === 0) return queued;
    after = events[events.length - 1]?.id;
    queued += await db.transaction('rw', [db.events, db.outbox, db.syncedTraces], async () => {
      const existing = await db.outbox.bulkGet(events.map((e) => e.id));
      const synced = await db.syncedTraces.bulkGet([...new Set(events.map((e) => e.traceId))]);
      const sent = new Set(synced.flatMap((s) => s?.sentEvents ?? []));
      const missing = events.filter((e, i) => existing[i] === undefined && !sent.has(e.id));
      // Still there? The user may have deleted some meanwhile.
      const present = await db.events.bulkGet(missing.map((e) => e.id));
      const rows = outboxRows(
        missing.filter((_, i) => present[i] !== undefined),
        state,
      );
      await db.outbox.bulkAdd(rows);
      return rows.length;
    });
  }
}
