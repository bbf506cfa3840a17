import type { StagebackDB } from '../../storage/db';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import type { LearnedAspect, LearnedDomain } from './learned-words';

/** How many of the latest events are read: enough for what options show, bounded for a large log. */
export const LEARNED_WINDOW = 20_000;

export interface LearnedFromLog {
  domains: LearnedDomain[];
  aspects: LearnedAspect[];
  /** Events read (the user's own and the proposals they confirmed). */
  read: number;
  /** The window was full: older events were not read. */
  truncated: boolean;
}

/**
 * What the user's own judgements say about domains and aspects, read from their latest events since `since`
 * (a reset), without time decay. Proposals count only once confirmed; withdrawn and replaced events not at all.
 */
export async function readLearnedFromLog(db: StagebackDB, since: string | null): Promise<LearnedFromLog> {
  const latest = await db.events
    .where('createdAt')
    .between(since ?? '', '\uffff', true, true)
    .reverse()
    .limit(LEARNED_WINDOW)
    .toArray();
  const replaced = new Set(latest.map((e) => e.supersedes).filter((id) => id !== undefined));
  const own = latest.filter(
    (e) => !replaced.has(e.id) && (e.origin === 'user' || e.origin === 'shadow_confirmed') && e.kind !== 'retraction',
  );
  const traceIds = [...new Set(own.filter((e) => e.target.type === 'source').map((e) => e.traceId))];
  const traces = new Map<string, Trace>();
  for (const t of await db.traces.bulkGet(traceIds)) if (t) traces.set(t.id, t);

  const domains = new Map<string, LearnedDomain>();
  const domainOf = (e: FeedbackEvent) => {
    if (e.target.type !== 'source') return undefined;
    const { sourceId } = e.target;
    return traces.get(e.traceId)?.sources.find((s) => s.id === sourceId)?.domain;
  };
  const stats = (domain: string) => {
    let d = domains.get(domain);
    if (!d) {
      d = { domain, good: 0, bad: 0, labels: 0, flags: 0, grades: [0, 0, 0, 0] };
      domains.set(domain, d);
    }
    return d;
  };
  const aspects = new Map<string, LearnedAspect>();
  for (const e of own) {
    const domain = domainOf(e);
    if (domain && e.kind === 'relevance') {
      const d = stats(domain);
      d.labels++;
      d.grades[e.value]++;
      if (e.value >= 2) d.good++;
      else if (e.value === 0) d.bad++;
    } else if (domain && e.kind === 'label' && e.value.label === 'unreliable_source') {
      const d = stats(domain);
      d.labels++;
      d.flags++;
      d.bad++;
    } else if (e.kind === 'label' && e.value.label === 'missing_aspect' && e.value.text) {
      const key = e.value.text.trim().toLowerCase();
      const a = aspects.get(key) ?? { text: e.value.text.trim(), count: 0 };
      a.count++;
      aspects.set(key, a);
    }
  }
  return {
    domains: [...domains.values()],
    aspects: [...aspects.values()],
    read: own.length,
    truncated: latest.length === LEARNED_WINDOW,
  };
}
