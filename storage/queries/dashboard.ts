import { aggregateKey, localDay } from '../aggregates';
import type { Aggregate, StagebackDB } from '../db';
import type { FeedbackEvent, Trace } from '../schema';

export interface DashboardCounts {
  answers: { today: number; week: number; all: number };
  events: { today: number; week: number; all: number };
  /** All-time counts per dimension value, e.g. `stage` → `{answer: 3}`. */
  by: Record<'stage' | 'site' | 'origin' | 'label', Record<string, number>>;
}

export interface RecentItem {
  event: FeedbackEvent;
  trace: Pick<Trace, 'id' | 'query' | 'pageUrl' | 'siteId'> | undefined;
}

function lastDays(n: number, now: Date): string[] {
  return Array.from({ length: n }, (_, i) => localDay(new Date(now.getTime() - i * 86_400_000).toISOString()));
}

/** The counter keys the dashboard reads: `all`, then each of the last 7 days, for one counter name. */
export function dashboardKeys(name: 'answers' | 'events', now = new Date()): string[] {
  return ['all', ...lastDays(7, now).map((d) => `d:${d}`)].map((b) => aggregateKey(b, name));
}

/** Every all-time counter has a key in [ALL_FROM, ALL_TO). */
export const ALL_FROM = 'all|';
export const ALL_TO = 'all|\uffff';

type Row = Pick<Aggregate, 'count'> | undefined;

/** The dashboard's numbers from the counter rows (`dashboardKeys` order; all-time rows in any order). */
export function countsFromRows(answerRows: readonly Row[], eventRows: readonly Row[], allRows: readonly Aggregate[]) {
  const sum = (rows: readonly Row[]) => ({
    all: rows[0]?.count ?? 0,
    today: rows[1]?.count ?? 0,
    week: rows.slice(1).reduce((n, r) => n + (r?.count ?? 0), 0),
  });
  const by: DashboardCounts['by'] = { stage: {}, site: {}, origin: {}, label: {} };
  for (const row of allRows) {
    const [dim, value] = row.key.slice(ALL_FROM.length).split('=');
    if (value !== undefined && dim && dim in by) by[dim as keyof typeof by][value] = row.count;
  }
  return { answers: sum(answerRows), events: sum(eventRows), by } satisfies DashboardCounts;
}

/** Reads only the aggregate counters (a handful of keys), never scans events. */
export async function readDashboardCounts(db: StagebackDB, now = new Date()): Promise<DashboardCounts> {
  const [answerRows, eventRows, allRows] = await Promise.all([
    db.aggregates.bulkGet(dashboardKeys('answers', now)),
    db.aggregates.bulkGet(dashboardKeys('events', now)),
    db.aggregates.where('key').between(ALL_FROM, ALL_TO).toArray(),
  ]);
  return countsFromRows(answerRows, eventRows, allRows);
}

export async function readRecentFeedback(db: StagebackDB, limit = 5): Promise<RecentItem[]> {
  const events = await db.events.orderBy('createdAt').reverse().limit(limit).toArray();
  const traces = await db.traces.bulkGet([...new Set(events.map((e) => e.traceId))]);
  const byId = new Map(traces.filter((t) => t !== undefined).map((t) => [t.id, t]));
  return events.map((event) => {
    const t = byId.get(event.traceId);
    return { event, trace: t && { id: t.id, query: t.query, pageUrl: t.pageUrl, siteId: t.siteId } };
  });
}
