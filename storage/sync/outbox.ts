import Dexie, { type Table } from 'dexie';
import type { OutboxItem, OutboxState, StagebackDB } from '../db';
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

export type OutboxCounts = Record<OutboxState, number>;

export async function countOutbox(db: StagebackDB): Promise<OutboxCounts> {
  const [pending, held, sent, dead, skipped] = await Promise.all(
    (['pending', 'held', 'sent', 'dead', 'skipped'] as const).map((s) => inState(db, s).count()),
  );
  return { pending, held, sent, dead, skipped } as OutboxCounts;
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

/** Events stored with no outbox row: recorded while sync was off. */
export async function countUnqueued(db: StagebackDB): Promise<number> {
  const [events, queued] = await Promise.all([db.events.count(), db.outbox.count()]);
  return Math.max(0, events - queued);
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
    queued += await db.transaction('rw', db.events, db.outbox, async () => {
      const existing = await db.outbox.bulkGet(events.map((e) => e.id));
      const missing = events.filter((_, i) => existing[i] === undefined);
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
