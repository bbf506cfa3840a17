import { STAGES } from '../../storage/labels';
import type { Trace } from '../../storage/schema';
import { type ProfileRow, profileKey } from './profile';
import { uniqueTerms } from './terms';
import { PROPOSAL_KINDS, SHADOW_TIERS, type ShadowProfileView } from './types';

/**
 * Aspects read per answer: those named by the most (and rarest) of its question's words. Bounds the work per
 * answer whatever the number of aspects the user ever wrote.
 */
export const MAX_ASPECTS_READ = 24;

export type ReadRows = (keys: string[]) => Promise<(ProfileRow | undefined)[]> | (ProfileRow | undefined)[];

/** Reads the profile rows one answer needs (two lookups by key; independent of how many events are stored). */
export async function loadProfileView(read: ReadRows, trace: Trace, now: number): Promise<ShadowProfileView> {
  const terms = uniqueTerms(trace.query);
  const domains = [...new Set(trace.sources.map((s) => s.domain).filter(Boolean))];
  const keys = [
    profileKey.queries,
    ...terms.map(profileKey.term),
    ...domains.map(profileKey.domain),
    ...STAGES.filter((s) => s !== 'overall').map((s) => profileKey.stage(trace.siteId, s)),
    ...PROPOSAL_KINDS.flatMap((k) => SHADOW_TIERS.map((t) => profileKey.kind(k, t))),
  ];
  const view: ShadowProfileView = { now, queries: 0, termQueries: {}, domains: {}, kinds: [], stages: [], aspects: [] };
  const termRows: { queries: number; aspects: string[] }[] = [];
  for (const row of await read(keys)) {
    if (!row) continue;
    if ('queries' in row) view.queries = row.queries;
    else if ('term' in row) {
      view.termQueries[row.key.slice(2)] = row.term.queries;
      termRows.push(row.term);
    } else if ('domain' in row) view.domains[row.domain.domain] = row.domain;
    else if ('stage' in row) view.stages.push(row.stage);
    else if ('kind' in row) view.kinds.push(row.kind);
  }
  const weight = new Map<string, number>();
  for (const term of termRows) {
    const idf = Math.log((view.queries + 1) / (term.queries + 1)) + 1;
    for (const a of term.aspects) weight.set(a, (weight.get(a) ?? 0) + idf);
  }
  const aspectKeys = [...weight]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_ASPECTS_READ)
    .map(([a]) => profileKey.aspect(a));
  if (aspectKeys.length > 0) {
    for (const row of await read(aspectKeys)) if (row && 'aspect' in row) view.aspects.push(row.aspect);
  }
  return view;
}

/** Reads rows from a Map (the replay keeps its profile in memory). */
export function readFromMap(rows: Map<string, ProfileRow>): ReadRows {
  return (keys) => keys.map((k) => rows.get(k));
}
