import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import { rebuildAggregates } from './aggregates';
import type { FeedbackEvent, Trace } from './schema';

export const DB_NAME = 'stageback';

export const OUTBOX_STATES = ['pending', 'held', 'sent', 'dead', 'skipped'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * One event's way to the sync endpoint. `pending` waits to be sent (at `nextAttemptAt`), `held` waits for the
 * user's review, `sent` was confirmed by the collector, `dead` was refused (the reason is in `lastError`),
 * `skipped` was kept out of the upload by the user.
 * Sent rows stay: they tell which events left, and turning sync on again never sends them twice.
 */
export interface OutboxItem {
  eventId: string;
  traceId: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  queuedAt: number;
  sentAt?: number;
  lastError?: string;
}

/** The content of each trace as last confirmed by the collector, so a trace goes again only when it changed. */
export interface SyncedTrace {
  id: string;
  contentHash: string;
}

/** A counter kept up to date as events are written, so the popup never scans events. */
export interface Aggregate {
  key: string;
  count: number;
}

/** Each version's stores, kept as data so the upgrade test can open any older version. */
export const SCHEMA_VERSIONS = {
  1: {
    traces: 'id, &contentHash, siteId, capturedAt',
    events: 'id, traceId, createdAt, stage, origin, kind',
  },
  // Every index costs a write per event; v2 keeps only those the product queries
  // ([traceId+createdAt] also serves `where('traceId')`). Counts come from `aggregates`.
  2: {
    traces: 'id, &contentHash, siteId, capturedAt',
    events: 'id, createdAt, [traceId+createdAt]',
    outbox: 'eventId, state, nextAttemptAt',
    aggregates: 'key',
  },
  // v3: the outbox is read per state in send order; sync remembers which trace contents the collector has.
  3: {
    traces: 'id, &contentHash, siteId, capturedAt',
    events: 'id, createdAt, [traceId+createdAt]',
    outbox: 'eventId, [state+nextAttemptAt]',
    aggregates: 'key',
    syncedTraces: 'id',
  },
} as const;

export const CURRENT_DB_VERSION = 3;

export class StagebackDB extends Dexie {
  traces!: EntityTable<Trace, 'id'>;
  events!: EntityTable<FeedbackEvent, 'id'>;
  outbox!: EntityTable<OutboxItem, 'eventId'>;
  aggregates!: EntityTable<Aggregate, 'key'>;
  syncedTraces!: EntityTable<SyncedTrace, 'id'>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores(SCHEMA_VERSIONS[1]);
    this.version(2)
      .stores(SCHEMA_VERSIONS[2])
      .upgrade((tx) => upgradeToV2(tx));
    this.version(3)
      .stores(SCHEMA_VERSIONS[3])
      .upgrade((tx) => upgradeToV3(tx));
  }
}

/** v2 adds dashboard aggregates: compute them from everything already stored. */
async function upgradeToV2(tx: Transaction): Promise<void> {
  const traces = (await tx.table('traces').toArray()) as Trace[];
  const events = (await tx.table('events').toArray()) as FeedbackEvent[];
  const { aggregates, firstFeedbackAt } = rebuildAggregates(traces, events);
  await tx.table('aggregates').bulkPut(aggregates);
  for (const [traceId, at] of firstFeedbackAt) {
    await tx.table('traces').update(traceId, { firstFeedbackAt: at });
  }
}

/** v3 outbox rows carry their trace id and queue time; rows of events that are gone are dropped. */
async function upgradeToV3(tx: Transaction): Promise<void> {
  const outbox = tx.table('outbox');
  const rows = (await outbox.toArray()) as Array<Partial<OutboxItem> & { eventId: string }>;
  if (rows.length === 0) return;
  const events = (await tx.table('events').bulkGet(rows.map((r) => r.eventId))) as (FeedbackEvent | undefined)[];
  const keep: OutboxItem[] = [];
  const drop: string[] = [];
  for (const [i, row] of rows.entries()) {
    const event = events[i];
    if (!event) drop.push(row.eventId);
    else
      keep.push({
        eventId: row.eventId,
        traceId: event.traceId,
        state: row.state && (OUTBOX_STATES as readonly string[]).includes(row.state) ? row.state : 'pending',
        attempts: row.attempts ?? 0,
        nextAttemptAt: row.nextAttemptAt ?? 0,
        queuedAt: row.nextAttemptAt ?? Date.parse(event.createdAt),
        ...(row.lastError ? { lastError: row.lastError } : {}),
      });
  }
  await outbox.bulkDelete(drop);
  await outbox.bulkPut(keep);
}

let shared: StagebackDB | undefined;
/** The extension's database, opened lazily (no work at import time). */
export function getDb(): StagebackDB {
  shared ??= new StagebackDB();
  return shared;
}
