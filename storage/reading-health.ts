import type { EntityTable, Transaction } from 'dexie';
import { READ_FIELDS, type ReadField, type ReadPaths } from '../utils/adapters/read-paths';
import { readPathsOf } from '../utils/adapters/read-paths-of';
import type { Trace } from './schema';

/** How many of a site's latest answers its health line speaks for. */
export const HEALTH_WINDOW = 20;

/** One answer in a site's health: when it was read and how each part was read. No page text. */
export interface HealthEntry {
  traceId: string;
  capturedAt: string;
  readPaths: ReadPaths;
}

/** A site's latest answers (newest first, at most `HEALTH_WINDOW`), kept as each trace is stored. */
export interface SiteReadingHealth {
  siteId: string;
  recent: HealthEntry[];
}

export function healthEntryOf(trace: Pick<Trace, 'id' | 'siteId' | 'capturedAt'> & Parameters<typeof readPathsOf>[1]) {
  return { traceId: trace.id, capturedAt: trace.capturedAt, readPaths: readPathsOf(trace.siteId, trace) };
}

/** `recent` with `entry` in it: an answer read again (still streaming, or reloaded) replaces its earlier reading. */
export function withEntry(recent: readonly HealthEntry[], entry: HealthEntry): HealthEntry[] {
  return [entry, ...recent.filter((e) => e.traceId !== entry.traceId)]
    .sort((a, b) => b.capturedAt.localeCompare(a.capturedAt))
    .slice(0, HEALTH_WINDOW);
}

/** Notes how a stored trace was read. Call inside a transaction that includes `readingHealth`. */
export async function noteReading(table: EntityTable<SiteReadingHealth, 'siteId'>, trace: Trace): Promise<void> {
  const row = await table.get(trace.siteId);
  await table.put({ siteId: trace.siteId, recent: withEntry(row?.recent ?? [], healthEntryOf(trace)) });
}

/**
 * Database version 7: each site's health from its latest stored traces. Traces from before it carry no
 * `readPaths`; every adapter then read with its exact selectors, which is what `readPathsOf` derives for them.
 */
export async function buildReadingHealth(tx: Transaction): Promise<void> {
  const traces = tx.table('traces');
  const sites = (await traces.orderBy('siteId').uniqueKeys()) as string[];
  const rows: SiteReadingHealth[] = [];
  for (const siteId of sites) {
    // Ids are UUIDv7: in key order they are in capture order, so the latest come first in reverse.
    const latest = (await traces.where('siteId').equals(siteId).reverse().limit(HEALTH_WINDOW).toArray()) as Trace[];
    rows.push({ siteId, recent: latest.map(healthEntryOf).sort((a, b) => b.capturedAt.localeCompare(a.capturedAt)) });
  }
  await tx.table('readingHealth').bulkPut(rows);
}

/** What a site's latest answers say: how many were read in full, which parts were missing, which found another way. */
export interface HealthSummary {
  answers: number;
  full: number;
  missing: Partial<Record<ReadField, number>>;
  /** Answers where some part was found only by a fallback (structure, a taught rule), not the site's known layout. */
  fallback: number;
}

export function summarizeHealth(recent: readonly HealthEntry[]): HealthSummary {
  const missing: HealthSummary['missing'] = {};
  let full = 0;
  let fallback = 0;
  for (const { readPaths } of recent) {
    const gaps = READ_FIELDS.filter((f) => readPaths[f] === 'none');
    for (const f of gaps) missing[f] = (missing[f] ?? 0) + 1;
    if (gaps.length === 0) full++;
    if (READ_FIELDS.some((f) => readPaths[f] === 'structural' || readPaths[f] === 'taught')) fallback++;
  }
  return { answers: recent.length, full, missing, fallback };
}
