import Dexie from 'dexie';
import { addToAggregates } from './aggregates';
import type { OutboxItem, StagebackDB } from './db';
import type { FeedbackEvent } from './schema';
import { addToShadowProfile } from './shadow-profile';

export interface WriteResult {
  stored: number;
  duplicates: number;
  /** Events refused by the store (e.g. their trace is unknown); nothing of them was written. */
  rejected: { id: string; reason: string }[];
}

/**
 * Whether newly stored events go to the sync outbox, and in which state: `off` (sync is off; the write
 * transaction does not even touch the outbox), `pending` (send), `held` (wait for the user's review).
 */
export type OutboxMode = 'off' | 'pending' | 'held';

export interface EventWriterOptions {
  maxBatch?: number;
  /** Asked once per transaction; resolves at once when the answer is cached. */
  outboxMode?: () => OutboxMode | Promise<OutboxMode>;
  /** Called after a transaction that queued events for sync. */
  onQueued?: (count: number) => void;
}

interface Pending {
  events: FeedbackEvent[];
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Coalesces writes arriving in bursts: while one transaction is in flight, new
 * events queue up and go in the next one together. With no load, an event is
 * written at once (one microtask later).
 */
export function createEventWriter(db: StagebackDB, options: EventWriterOptions = {}) {
  const { maxBatch = 2_000, outboxMode, onQueued } = options;
  let queue: Pending[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const batch: Pending[] = [];
        let size = 0;
        while (queue.length > 0 && (batch.length === 0 || size + (queue[0]?.events.length ?? 0) <= maxBatch)) {
          const next = queue.shift() as Pending;
          batch.push(next);
          size += next.events.length;
        }
        try {
          const mode = outboxMode ? await outboxMode() : 'off';
          const { results, queued } = await writeBatch(
            db,
            batch.map((p) => p.events),
            mode,
          );
          for (const [i, p] of batch.entries()) p.resolve(results[i] as WriteResult);
          if (queued > 0) onQueued?.(queued);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    write(events: FeedbackEvent[]): Promise<WriteResult> {
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ events, resolve, reject });
        if (!running) queueMicrotask(() => void drain());
      });
    },
    /** For tests and shutdown: resolves when nothing is queued or in flight. */
    async idle(): Promise<void> {
      while (running || queue.length > 0) await new Promise((r) => setTimeout(r, 1));
    },
    reset(): void {
      queue = [];
    },
  };
}

export type EventWriter = ReturnType<typeof createEventWriter>;

/** One transaction for several callers' events (and their outbox rows); returns one result per caller. */
async function writeBatch(
  db: StagebackDB,
  groups: FeedbackEvent[][],
  mode: OutboxMode,
): Promise<{ results: WriteResult[]; queued: number }> {
  const tables =
    mode === 'off'
      ? [db.events, db.traces, db.aggregates, db.shadowProfile]
      : [db.events, db.traces, db.aggregates, db.shadowProfile, db.outbox];
  return db.transaction('rw', tables, async () => {
    const all = groups.flat();
    const traceIds = [...new Set(all.map((e) => e.traceId))];
    const traces = await db.traces.bulkGet(traceIds);
    const traceById = new Map(traces.filter((t) => t !== undefined).map((t) => [t.id, t]));

    const candidates = all.filter((e) => traceById.has(e.traceId));
    // Adding and catching the per-item ConstraintError is how duplicates are found:
    // it saves reading every id first, and the transaction goes on.
    const duplicatePositions = await db.events.bulkAdd(candidates).then(
      () => new Set<number>(),
      (error: unknown) => {
        if (!(error instanceof Dexie.BulkError)) throw error;
        const failed = new Set<number>();
        for (const [pos, failure] of Object.entries(error.failuresByPos)) {
          if (failure.name !== 'ConstraintError') throw failure;
          failed.add(Number(pos));
        }
        return failed;
      },
    );
    const duplicateIds = new Set(candidates.filter((_, i) => duplicatePositions.has(i)).map((e) => e.id));
    const stored = candidates.filter((_, i) => !duplicatePositions.has(i));

    const results = groups.map((events) => {
      const result: WriteResult = { stored: 0, duplicates: 0, rejected: [] };
      for (const event of events) {
        if (!traceById.has(event.traceId)) result.rejected.push({ id: event.id, reason: 'unknown_trace' });
        else if (duplicateIds.has(event.id)) {
          result.duplicates++;
          duplicateIds.delete(event.id);
        } else result.stored++;
      }
      return result;
    });
    if (stored.length === 0) return { results, queued: 0 };

    const newlyReviewed: { id: string; firstFeedbackAt: string }[] = [];
    for (const event of stored) {
      const trace = traceById.get(event.traceId);
      if (trace && !trace.firstFeedbackAt) {
        trace.firstFeedbackAt = event.createdAt;
        newlyReviewed.push({ id: trace.id, firstFeedbackAt: event.createdAt });
      }
    }
    await addToAggregates(db, stored, (id) => traceById.get(id)?.siteId, newlyReviewed);
    await addToShadowProfile(db, { events: stored, traceOf: (id) => traceById.get(id) });
    for (const t of newlyReviewed) await db.traces.update(t.id, { firstFeedbackAt: t.firstFeedbackAt });
    if (mode !== 'off') await db.outbox.bulkPut(outboxRows(stored, mode));
    return { results, queued: mode === 'off' ? 0 : stored.length };
  });
}

export function outboxRows(
  events: readonly FeedbackEvent[],
  state: 'pending' | 'held',
  now = Date.now(),
): OutboxItem[] {
  return events.map((e) => ({
    eventId: e.id,
    traceId: e.traceId,
    state,
    attempts: 0,
    nextAttemptAt: 0,
    queuedAt: now,
  }));
}
