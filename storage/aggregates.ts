import { shadowCounterName } from '../utils/shadow/event-kind';
import type { Aggregate, StagebackDB } from './db';
import type { FeedbackEvent, Trace } from './schema';

/** Local calendar day (YYYY-MM-DD) an ISO timestamp falls on, for per-day counters. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const AGGREGATE_DIMENSIONS = ['stage', 'site', 'origin', 'kind', 'label'] as const;
export type AggregateDimension = (typeof AGGREGATE_DIMENSIONS)[number];

/** `all|events`, `d:2026-11-26|stage=answer`, `all|answers` … */
export function aggregateKey(bucket: string, name: string): string {
  return `${bucket}|${name}`;
}

function bucketsOf(iso: string): string[] {
  return ['all', `d:${localDay(iso)}`];
}

/** Counter increments for newly stored events; `newlyReviewed` are traces that got their first feedback. */
export function aggregateDeltas(
  events: readonly FeedbackEvent[],
  siteOfTrace: (traceId: string) => string | undefined,
  newlyReviewed: ReadonlyArray<{ firstFeedbackAt: string }>,
): Map<string, number> {
  const deltas = new Map<string, number>();
  const bump = (key: string) => deltas.set(key, (deltas.get(key) ?? 0) + 1);
  for (const event of events) {
    const site = siteOfTrace(event.traceId) ?? 'unknown';
    const names = ['events', `stage=${event.stage}`, `site=${site}`, `origin=${event.origin}`, `kind=${event.kind}`];
    if (event.kind === 'label') names.push(`label=${event.value.label}`);
    const shadow = shadowCounterName(event);
    if (shadow) names.push(shadow);
    for (const bucket of bucketsOf(event.createdAt)) for (const name of names) bump(aggregateKey(bucket, name));
  }
  for (const trace of newlyReviewed) {
    for (const bucket of bucketsOf(trace.firstFeedbackAt)) bump(aggregateKey(bucket, 'answers'));
  }
  return deltas;
}

export function applyDeltas(current: ReadonlyArray<Aggregate | undefined>, deltas: Map<string, number>): Aggregate[] {
  const byKey = new Map(current.filter((a): a is Aggregate => !!a).map((a) => [a.key, a.count]));
  return [...deltas].map(([key, delta]) => ({ key, count: (byKey.get(key) ?? 0) + delta }));
}

/** Recompute every counter from scratch (schema upgrade, repair). */
export function rebuildAggregates(
  traces: readonly Trace[],
  events: readonly FeedbackEvent[],
): { aggregates: Aggregate[]; firstFeedbackAt: Map<string, string> } {
  const siteById = new Map(traces.map((t) => [t.id, t.siteId]));
  const firstFeedbackAt = new Map<string, string>();
  for (const e of events) {
    const seen = firstFeedbackAt.get(e.traceId);
    if (!seen || e.createdAt < seen) firstFeedbackAt.set(e.traceId, e.createdAt);
  }
  const reviewed = [...firstFeedbackAt.values()].map((at) => ({ firstFeedbackAt: at }));
  const deltas = aggregateDeltas(events, (id) => siteById.get(id), reviewed);
  return { aggregates: applyDeltas([], deltas), firstFeedbackAt };
}

/** Adds newly stored events (and newly reviewed traces) to the counters; call inside the writing transaction. */
export async function addToAggregates(
  db: StagebackDB,
  events: readonly FeedbackEvent[],
  siteOfTrace: (traceId: string) => string | undefined,
  newlyReviewed: ReadonlyArray<{ firstFeedbackAt: string }>,
): Promise<void> {
  const deltas = aggregateDeltas(events, siteOfTrace, newlyReviewed);
  const current = await db.aggregates.bulkGet([...deltas.keys()]);
  await db.aggregates.bulkPut(applyDeltas(current, deltas));
}
