import Dexie from 'dexie';
import { type TargetWords, targetWords } from '../../utils/describe-target';
import type { StagebackDB } from '../db';
import { type ExportFilter, hasEventCriteria, matchesEvent } from '../exports/filter';
import type { FeedbackEvent, Trace } from '../schema';

/** What a log row shows of its answer: no answer text, so pages stay small. */
/** What a log row shows of its answer; `targets` names the answer's sources, sentences and sub-queries. */
export type TraceSummary = Pick<Trace, 'id' | 'siteId' | 'query' | 'pageUrl' | 'capturedAt'> & { targets: TargetWords };

export interface LogRow {
  event: FeedbackEvent;
  trace: TraceSummary | undefined;
}

/** Where the next page starts: after this event in newest-first order. */
export interface LogCursor {
  createdAt: string;
  id: string;
}

export interface LogPage {
  rows: LogRow[];
  /** Events looked at to find these rows. */
  scanned: number;
  /** Undefined when the end of the table (or of the date range) was reached. */
  next: LogCursor | undefined;
}

/**
 * The trace-level parts of a filter, resolved once to sets of trace ids so that the event predicate is
 * synchronous (Dexie's `.filter()` cannot await). `undefined` means "no such criterion".
 */
export interface PreparedFilter {
  filter: ExportFilter;
  siteTraceIds: Set<string> | undefined;
  textTraceIds: Set<string> | undefined;
}

export async function prepareFilter(db: StagebackDB, filter: ExportFilter): Promise<PreparedFilter> {
  const siteTraceIds = filter.siteIds?.length
    ? new Set(
        await db.traces
          .where('siteId')
          .anyOf([...filter.siteIds])
          .primaryKeys(),
      )
    : undefined;
  const needle = filter.text?.trim().toLowerCase();
  const textTraceIds = needle
    ? new Set(await db.traces.filter((t) => t.query.toLowerCase().includes(needle)).primaryKeys())
    : undefined;
  return { filter, siteTraceIds, textTraceIds };
}

/** The same semantics as `matchesTrace` + `matchesEvent` of the export filter, without loading the trace. */
export function eventMatches(event: FeedbackEvent, prepared: PreparedFilter): boolean {
  if (prepared.siteTraceIds && !prepared.siteTraceIds.has(event.traceId)) return false;
  const query = prepared.textTraceIds?.has(event.traceId) ? (prepared.filter.text ?? '') : '';
  return matchesEvent(event, { query } as Trace, prepared.filter);
}

function rangeFor(db: StagebackDB, filter: ExportFilter, after: LogCursor | undefined) {
  const lower = filter.createdFrom ?? Dexie.minKey;
  if (after) return db.events.where('createdAt').between(lower, after.createdAt, true, true);
  if (filter.createdTo) return db.events.where('createdAt').between(lower, filter.createdTo, true, false);
  return db.events.where('createdAt').between(lower, Dexie.maxKey, true, true);
}

/** Matching events, newest first, after `after`; looks at no more than `scanLimit` events. */
async function scanEvents(
  db: StagebackDB,
  prepared: PreparedFilter,
  after: LogCursor | undefined,
  limit: number,
  scanLimit: number,
): Promise<{ events: FeedbackEvent[]; scanned: number; next: LogCursor | undefined }> {
  let scanned = 0;
  let matched = 0;
  let last: LogCursor | undefined;
  const events = await rangeFor(db, prepared.filter, after)
    .reverse()
    .until(() => scanned >= scanLimit || matched >= limit)
    .filter((event) => {
      // Events sharing the cursor's createdAt come in descending id order: skip those already read.
      if (after && event.createdAt === after.createdAt && event.id >= after.id) return false;
      scanned++;
      last = { createdAt: event.createdAt, id: event.id };
      const ok = eventMatches(event, prepared);
      if (ok) matched++;
      return ok;
    })
    .toArray();
  const stoppedEarly = scanned >= scanLimit || matched >= limit;
  return { events, scanned, next: stoppedEarly ? last : undefined };
}

/**
 * One page of the log, newest first, by the `createdAt` index. Looks at no more than `scanLimit` events, so a
 * rare filter answers with few (or no) rows and a cursor to go on from, instead of reading the whole table.
 */
export async function readLogPage(
  db: StagebackDB,
  prepared: PreparedFilter,
  after: LogCursor | undefined,
  options: { limit?: number; scanLimit?: number; traceCache?: Map<string, TraceSummary | undefined> } = {},
): Promise<LogPage> {
  const { limit = 200, scanLimit = 2_000, traceCache = new Map() } = options;
  const { events, scanned, next } = await scanEvents(db, prepared, after, limit, scanLimit);
  return { rows: await withTraces(db, events, traceCache), scanned, next };
}

async function withTraces(
  db: StagebackDB,
  events: FeedbackEvent[],
  cache: Map<string, TraceSummary | undefined>,
): Promise<LogRow[]> {
  const missing = [...new Set(events.map((e) => e.traceId))].filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const traces = await db.traces.bulkGet(missing);
    for (const [i, id] of missing.entries()) {
      const t = traces[i];
      cache.set(
        id,
        t && {
          id: t.id,
          siteId: t.siteId,
          query: t.query,
          pageUrl: t.pageUrl,
          capturedAt: t.capturedAt,
          targets: targetWords(t),
        },
      );
    }
  }
  return events.map((event) => ({ event, trace: cache.get(event.traceId) }));
}

/** Counts the matching events chunk by chunk; `onCount` hears the running total. Stops when `signal` aborts. */
export async function countMatching(
  db: StagebackDB,
  prepared: PreparedFilter,
  onCount: (count: number, done: boolean) => void,
  signal?: AbortSignal,
): Promise<number> {
  if (!hasEventCriteria(prepared.filter) && !prepared.siteTraceIds) {
    const total = await db.events.count();
    onCount(total, true);
    return total;
  }
  let count = 0;
  let after: LogCursor | undefined;
  do {
    if (signal?.aborted) return count;
    const page = await scanEvents(db, prepared, after, Number.POSITIVE_INFINITY, 5_000);
    count += page.events.length;
    after = page.next;
    onCount(count, after === undefined);
  } while (after);
  return count;
}

/** Ids of every matching event, for "delete the filtered set" (ids only: small even for big logs). */
export async function matchingEventIds(db: StagebackDB, prepared: PreparedFilter): Promise<string[]> {
  const ids: string[] = [];
  let after: LogCursor | undefined;
  do {
    const page = await scanEvents(db, prepared, after, Number.POSITIVE_INFINITY, 5_000);
    for (const event of page.events) ids.push(event.id);
    after = page.next;
  } while (after);
  return ids;
}

/** Trace ids of a filter with only trace-level criteria (sites, or nothing): what "delete the filtered set" removes. */
export async function matchingTraceIds(db: StagebackDB, filter: ExportFilter): Promise<string[]> {
  if (filter.siteIds?.length) {
    return db.traces
      .where('siteId')
      .anyOf([...filter.siteIds])
      .primaryKeys();
  }
  return db.traces.toCollection().primaryKeys();
}

export interface TraceDetail {
  trace: Trace;
  /** The whole history, oldest first. */
  events: FeedbackEvent[];
}

export async function readTraceDetail(db: StagebackDB, traceId: string): Promise<TraceDetail | undefined> {
  const trace = await db.traces.get(traceId);
  if (!trace) return undefined;
  const events = await db.events
    .where('[traceId+createdAt]')
    .between([traceId, Dexie.minKey], [traceId, Dexie.maxKey])
    .toArray();
  return { trace, events };
}
