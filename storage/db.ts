import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type { ProfileRow } from '../utils/shadow/profile';
import { rebuildAggregates } from './aggregates';
import { buildReadingHealth, type SiteReadingHealth } from './reading-health';
import type { FeedbackEvent, Trace } from './schema';
import { DB_NAME } from './schema/constants';
import { rebuildShadowProfile } from './shadow-profile';

export { DB_NAME };

export const OUTBOX_STATES = ['pending', 'held', 'dead', 'skipped'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * One event's way to the sync endpoint. `pending` waits to be sent (at `nextAttemptAt`), `held` waits for the
 * user's review, `dead` was refused (the reason is in `lastError`), `skipped` was kept out of the upload by the
 * user. A row confirmed by the collector is deleted (a range delete: rewriting each row as "sent" cost more than
 * sending it) and its event id goes to its trace's `SyncedTrace.sentEvents`.
 */
export interface OutboxItem {
  eventId: string;
  traceId: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  queuedAt: number;
  lastError?: string;
}

/**
 * What the collector has of one trace: the content it last confirmed (so a trace goes again only when it changed)
 * and the ids of its events it confirmed (so turning sync on again never sends them twice). One row per trace keeps
 * recording a confirmed batch to one write per trace, not per event.
 */
export interface SyncedTrace {
  id: string;
  contentHash?: string;
  sentEvents?: string[];
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
  // v4: same stores; confirmed outbox rows move into `syncedTraces.sentEvents`.
  4: {
    traces: 'id, &contentHash, siteId, capturedAt',
    events: 'id, createdAt, [traceId+createdAt]',
    outbox: 'eventId, [state+nextAttemptAt]',
    aggregates: 'key',
    syncedTraces: 'id',
  },
  // v5: secrets (the collector token) live here, in the extension origin's own database, out of reach of content
  // scripts (which can read chrome.storage.local).
  5: {
    traces: 'id, &contentHash, siteId, capturedAt',
    events: 'id, createdAt, [traceId+createdAt]',
    outbox: 'eventId, [state+nextAttemptAt]',
    aggregates: 'key',
    syncedTraces: 'id',
    secrets: 'key',
  },
  // v6: an answer read in a tab that "Refine" opened names the answer it refines (`refinedFrom`); the index finds
  // an answer's refinements. Existing traces have no link and need no change.
  6: {
    traces: 'id, &contentHash, siteId, capturedAt, refinedFrom.traceId',
    events: 'id, createdAt, [traceId+createdAt]',
    outbox: 'eventId, [state+nextAttemptAt]',
    aggregates: 'key',
    syncedTraces: 'id',
    secrets: 'key',
  },
  // v7: reading health: per site, how its latest answers were read (`storage/reading-health.ts`), built on upgrade
  // from the latest stored traces. Traces may carry `readPaths` (not indexed; older traces have none).
  7: {
    traces: 'id, &contentHash, siteId, capturedAt, refinedFrom.traceId',
    events: 'id, createdAt, [traceId+createdAt]',
    outbox: 'eventId, [state+nextAttemptAt]',
    aggregates: 'key',
    syncedTraces: 'id',
    secrets: 'key',
    readingHealth: 'siteId',
  },
  // v8: the shadow agent's learned profile (utils/shadow/profile.ts), kept up to date as events are stored and
  // built from the stored events on upgrade.
  8: {
    traces: 'id, &contentHash, siteId, capturedAt, refinedFrom.traceId',
    events: 'id, createdAt, [traceId+createdAt]',
    outbox: 'eventId, [state+nextAttemptAt]',
    aggregates: 'key',
    syncedTraces: 'id',
    secrets: 'key',
    readingHealth: 'siteId',
    shadowProfile: 'key',
  },
} as const;

export const CURRENT_DB_VERSION = 8;

/** A secret the extension keeps (key `syncToken`: the collector's bearer token). */
export interface Secret {
  key: string;
  value: string;
}

/** Counter in `aggregates`: event ids held in `syncedTraces.sentEvents` (events confirmed and still stored). */
export const SENT_COUNTER_KEY = 'sync|sent';

export class StagebackDB extends Dexie {
  traces!: EntityTable<Trace, 'id'>;
  events!: EntityTable<FeedbackEvent, 'id'>;
  outbox!: EntityTable<OutboxItem, 'eventId'>;
  aggregates!: EntityTable<Aggregate, 'key'>;
  syncedTraces!: EntityTable<SyncedTrace, 'id'>;
  secrets!: EntityTable<Secret, 'key'>;
  readingHealth!: EntityTable<SiteReadingHealth, 'siteId'>;
  shadowProfile!: EntityTable<ProfileRow, 'key'>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores(SCHEMA_VERSIONS[1]);
    this.version(2)
      .stores(SCHEMA_VERSIONS[2])
      .upgrade((tx) => upgradeToV2(tx));
    this.version(3)
      .stores(SCHEMA_VERSIONS[3])
      .upgrade((tx) => upgradeToV3(tx));
    this.version(4)
      .stores(SCHEMA_VERSIONS[4])
      .upgrade((tx) => upgradeToV4(tx));
    this.version(5).stores(SCHEMA_VERSIONS[5]);
    this.version(6).stores(SCHEMA_VERSIONS[6]);
    this.version(7)
      .stores(SCHEMA_VERSIONS[7])
      .upgrade((tx) => buildReadingHealth(tx));
    this.version(8)
      .stores(SCHEMA_VERSIONS[8])
      .upgrade((tx) => upgradeToV8(tx));
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

/** v3 still had `sent` rows (v4 moves them out). */
const V3_OUTBOX_STATES: readonly string[] = ['pending', 'held', 'sent', 'dead', 'skipped'];

/** v3 outbox rows carry their trace id and queue time; rows of events that are gone are dropped. */
async function upgradeToV3(tx: Transaction): Promise<void> {
  const outbox = tx.table('outbox');
  const rows = (await outbox.toArray()) as Array<
    Omit<Partial<OutboxItem>, 'state'> & { eventId: string; state?: string }
  >;
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
        state: (row.state && V3_OUTBOX_STATES.includes(row.state) ? row.state : 'pending') as OutboxState,
        attempts: row.attempts ?? 0,
        nextAttemptAt: row.nextAttemptAt ?? 0,
        queuedAt: row.nextAttemptAt ?? Date.parse(event.createdAt),
        ...(row.lastError ? { lastError: row.lastError } : {}),
      });
  }
  await outbox.bulkDelete(drop);
  await outbox.bulkPut(keep);
}

/** v4: rows the collector confirmed (`state: 'sent'`) leave the outbox for their trace's `sentEvents`. */
async function upgradeToV4(tx: Transaction): Promise<void> {
  const outbox = tx.table('outbox');
  const sent = (await outbox
    .where('[state+nextAttemptAt]')
    .between(['sent', Dexie.minKey], ['sent', Dexie.maxKey])
    .toArray()) as OutboxItem[];
  if (sent.length === 0) return;
  const byTrace = new Map<string, string[]>();
  for (const row of sent) byTrace.set(row.traceId, [...(byTrace.get(row.traceId) ?? []), row.eventId]);
  const synced = tx.table('syncedTraces');
  const traceIds = [...byTrace.keys()];
  const current = (await synced.bulkGet(traceIds)) as (SyncedTrace | undefined)[];
  await synced.bulkPut(
    traceIds.map((id, i) => ({
      ...(current[i] ?? { id }),
      sentEvents: [...(current[i]?.sentEvents ?? []), ...(byTrace.get(id) ?? [])],
    })),
  );
  const counter = (await tx.table('aggregates').get(SENT_COUNTER_KEY)) as Aggregate | undefined;
  await tx.table('aggregates').put({ key: SENT_COUNTER_KEY, count: (counter?.count ?? 0) + sent.length });
  await outbox.bulkDelete(sent.map((r) => r.eventId));
}

/** v7 builds the shadow profile from everything already stored, in time order. */
/** v8 adds the shadow agent's profile: learn it from everything already stored. */
async function upgradeToV8(tx: Transaction): Promise<void> {
  const traces = (await tx.table('traces').toArray()) as Trace[];
  const events = (await tx.table('events').orderBy('createdAt').toArray()) as FeedbackEvent[];
  await tx.table('shadowProfile').bulkPut(rebuildShadowProfile(traces, events));
}

let shared: StagebackDB | undefined;
/** The extension's database, opened lazily (no work at import time). */
export function getDb(): StagebackDB {
  shared ??= new StagebackDB();
  return shared;
}
