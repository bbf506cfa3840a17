import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import { rebuildAggregates } from './aggregates';
import type { FeedbackEvent, Trace } from './schema';

export const DB_NAME = 'stageback';

export interface OutboxItem {
  eventId: string;
  state: 'pending' | 'held' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
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
} as const;

export const CURRENT_DB_VERSION = 2;

export class StagebackDB extends Dexie {
  traces!: EntityTable<Trace, 'id'>;
  events!: EntityTable<FeedbackEvent, 'id'>;
  outbox!: EntityTable<OutboxItem, 'eventId'>;
  aggregates!: EntityTable<Aggregate, 'key'>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores(SCHEMA_VERSIONS[1]);
    this.version(2)
      .stores(SCHEMA_VERSIONS[2])
      .upgrade((tx) => upgradeToV2(tx));
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

let shared: StagebackDB | undefined;
/** The extension's database, opened lazily (no work at import time). */
export function getDb(): StagebackDB {
  shared ??= new StagebackDB();
  return shared;
}
