/**
 * Tier 1's learned state: aggregates kept up to date as events are stored (never a scan of the log). Each row is
 * small and keyed so that proposing for one answer reads only the rows that answer touches: its sources' domains,
 * its site's stages, its question's words and the aspects they lead to, and the per-kind confirm counts.
 */
import type { Stage } from '../../storage/labels';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { isUsersJudgement, proposalKindOf, tierOfAgent } from './kinds';
import { aspectKey, uniqueTerms } from './terms';
import type { AspectStats, DomainStats, KindStats, ProposalKind, ShadowTier, StageStats } from './types';

/** A judgement this old weighs half as much as one made today. */
export const HALF_LIFE_DAYS = 120;
const DAY_MS = 86_400_000;
/** Queries remembered per aspect (its most frequent words), and aspects per word. */
const MAX_ASPECT_TERMS = 60;
const MAX_TERM_ASPECTS = 40;

export type ProfileRow =
  | { key: string; domain: DomainStats }
  | { key: string; kind: KindStats }
  | { key: string; stage: StageStats }
  | { key: string; aspect: AspectStats }
  /** A word of the user's questions: in how many of them, and the aspects needed on questions with it. */
  | { key: string; term: { queries: number; aspects: string[] } }
  | { key: string; queries: number }
  /** An answer already counted (see judgedTraces). */
  | { key: string; counted: true };

export const profileKey = {
  domain: (domain: string) => `d|${domain}`,
  kind: (kind: ProposalKind, tier: ShadowTier) => `k|${kind}|${tier}`,
  stage: (siteId: string, stage: Stage) => `s|${siteId}|${stage}`,
  aspect: (key: string) => `a|${key}`,
  term: (term: string) => `t|${term}`,
  counted: (traceId: string) => `r|${traceId}`,
  queries: 'q',
};

export function decayFactor(fromMs: number, toMs: number): number {
  return 0.5 ** (Math.max(0, toMs - fromMs) / (HALF_LIFE_DAYS * DAY_MS));
}

/** The events folded in by one write, and their traces. */
export interface ProfileInput {
  events: readonly FeedbackEvent[];
  traceOf(traceId: string): Trace | undefined;
}

/**
 * The answers whose first judgement of the user's own is in this input. An answer counts once (as a question the
 * user asked, and for each domain it cites) when the user first judges it: an answer with only the agent's
 * proposals, left alone, is not one. A small marker row per counted answer remembers it.
 */
function judgedTraces(input: ProfileInput): string[] {
  return [...new Set(input.events.filter(isUsersJudgement).map((e) => e.traceId))];
}

interface DomainJudgement {
  domain: string;
  good: number;
  bad: number;
  flag: boolean;
  grade?: number;
}

function domainJudgement(event: FeedbackEvent, trace: Trace | undefined): DomainJudgement | null {
  if (!trace || event.target.type !== 'source') return null;
  const sourceId = event.target.sourceId;
  const source = trace.sources.find((s) => s.id === sourceId);
  if (!source?.domain) return null;
  const domain = source.domain;
  if (event.kind === 'relevance') {
    const g = event.value;
    return {
      domain,
      good: g >= 2 ? 1 : g === 1 ? 0.5 : 0,
      bad: g === 0 ? 1 : g === 1 ? 0.5 : 0,
      flag: false,
      grade: g,
    };
  }
  if (event.kind === 'label' && event.value.label === 'unreliable_source')
    return { domain, good: 0, bad: 1, flag: true };
  if (event.kind === 'label' && event.value.label === 'outdated') return { domain, good: 0, bad: 0.5, flag: false };
  if (event.kind === 'edit' && event.value.op === 'remove') return { domain, good: 0, bad: 1, flag: false };
  return null;
}

const POSITIVE_LABELS = new Set(['supports', 'partially_supports']);

/** Whether an event says a stage failed (true), worked (false), or neither (null). */
function stageVerdict(event: FeedbackEvent): { stage: Stage; failed: boolean } | null {
  if (event.stage === 'overall') return null;
  if (event.kind === 'rating' && event.value.scale === 'thumbs' && event.target.type === 'stage')
    return { stage: event.stage, failed: event.value.score < 0 };
  if (event.kind === 'label') return { stage: event.stage, failed: !POSITIVE_LABELS.has(event.value.label) };
  if (event.kind === 'relevance') return event.value === 1 ? null : { stage: event.stage, failed: event.value === 0 };
  if (event.kind === 'edit') return { stage: event.stage, failed: true };
  return null;
}

/** The aspect an event says was missing (the user's words), if any. */
export function aspectOf(event: Pick<FeedbackEvent, 'kind' | 'value' | 'stage'>): string | null {
  if (event.kind === 'label') {
    const v = event.value as { label: string; text?: string };
    if ((v.label === 'missing_aspect' || v.label === 'missing_information') && v.text?.trim()) return v.text.trim();
  }
  if (event.kind === 'edit' && event.stage === 'decomposition') {
    const v = event.value as { op: string; after: unknown };
    if (v.op === 'add' && typeof v.after === 'string' && v.after.trim()) return v.after.trim();
  }
  return null;
}

/** The rows `applyToProfile` reads and writes for this input (read them first, in the same transaction). */
export function profileKeysFor(input: ProfileInput): string[] {
  const keys = new Set<string>();
  for (const traceId of judgedTraces(input)) {
    const trace = input.traceOf(traceId);
    if (!trace) continue;
    keys.add(profileKey.counted(traceId));
    keys.add(profileKey.queries);
    for (const t of uniqueTerms(trace.query)) keys.add(profileKey.term(t));
    for (const d of domainsOf(trace)) keys.add(profileKey.domain(d));
  }
  for (const event of input.events) {
    const trace = input.traceOf(event.traceId);
    if (event.agent && (event.origin === 'shadow_confirmed' || event.origin === 'shadow_rejected')) {
      const kind = proposalKindOf(event);
      const tier = tierOfAgent(event.agent.name);
      if (kind && tier) keys.add(profileKey.kind(kind, tier));
    }
    if (!isUsersJudgement(event)) continue;
    const d = domainJudgement(event, trace);
    if (d) keys.add(profileKey.domain(d.domain));
    const v = stageVerdict(event);
    if (v && trace) keys.add(profileKey.stage(trace.siteId, v.stage));
    const aspect = aspectOf(event);
    if (aspect && trace) {
      keys.add(profileKey.aspect(aspectKey(aspect)));
      for (const t of uniqueTerms(trace.query)) keys.add(profileKey.term(t));
    }
  }
  return [...keys];
}

/** Folds the input into `rows` (key → row, as read), creating rows as needed; returns the rows it changed. */
export function applyToProfile(rows: Map<string, ProfileRow>, input: ProfileInput): ProfileRow[] {
  const changed = new Set<string>();
  const row = (key: string, make: () => ProfileRow): ProfileRow => {
    let r = rows.get(key);
    if (!r) {
      r = make();
      rows.set(key, r);
    }
    changed.add(key);
    return r;
  };
  for (const traceId of judgedTraces(input)) {
    const trace = input.traceOf(traceId);
    if (!trace || rows.has(profileKey.counted(traceId))) continue;
    row(profileKey.counted(traceId), () => ({ key: profileKey.counted(traceId), counted: true }));
    const q = row(profileKey.queries, () => ({ key: profileKey.queries, queries: 0 }));
    if ('queries' in q) q.queries++;
    for (const t of uniqueTerms(trace.query)) {
      const r = row(profileKey.term(t), () => ({
        key: profileKey.term(t),
        term: { queries: 0, aspects: [] as string[] },
      }));
      if ('term' in r) r.term.queries++;
    }
    const at = Date.parse(trace.capturedAt);
    for (const domain of domainsOf(trace)) {
      const key = profileKey.domain(domain);
      const r = row(key, () => ({ key, domain: newDomain(domain, at) }));
      if ('domain' in r) r.domain.shown++;
    }
  }
  for (const event of input.events) {
    const trace = input.traceOf(event.traceId);
    const at = Date.parse(event.createdAt);
    if (event.agent && (event.origin === 'shadow_confirmed' || event.origin === 'shadow_rejected')) {
      const kind = proposalKindOf(event);
      const tier = tierOfAgent(event.agent.name);
      if (kind && tier) {
        const key = profileKey.kind(kind, tier);
        const r = row(key, () => ({ key, kind: { kind, tier, confirmed: 0, rejected: 0 } }));
        if ('kind' in r) r.kind[event.origin === 'shadow_confirmed' ? 'confirmed' : 'rejected']++;
      }
    }
    if (!isUsersJudgement(event)) continue;
    const d = domainJudgement(event, trace);
    if (d) {
      const key = profileKey.domain(d.domain);
      const r = row(key, () => ({ key, domain: newDomain(d.domain, at) }));
      if ('domain' in r) foldDomain(r.domain, d, at);
    }
    const v = stageVerdict(event);
    if (v && trace) {
      const key = profileKey.stage(trace.siteId, v.stage);
      const r = row(key, () => ({ key, stage: { siteId: trace.siteId, stage: v.stage, failed: 0, passed: 0 } }));
      if ('stage' in r) r.stage[v.failed ? 'failed' : 'passed']++;
    }
    const aspect = aspectOf(event);
    if (aspect && trace) {
      const ak = aspectKey(aspect);
      if (!ak) continue;
      const key = profileKey.aspect(ak);
      const r = row(key, () => ({
        key,
        aspect: { text: aspect, count: 0, example: trace.query, terms: {} as Record<string, number> },
      }));
      if (!('aspect' in r)) continue;
      const a = r.aspect;
      a.text = aspect;
      a.count++;
      a.example = trace.query;
      for (const t of uniqueTerms(trace.query)) {
        a.terms[t] = (a.terms[t] ?? 0) + 1;
        const tr = row(profileKey.term(t), () => ({
          key: profileKey.term(t),
          term: { queries: 0, aspects: [] as string[] },
        }));
        if ('term' in tr && !tr.term.aspects.includes(ak)) {
          tr.term.aspects.push(ak);
          if (tr.term.aspects.length > MAX_TERM_ASPECTS) tr.term.aspects.shift();
        }
      }
      const entries = Object.entries(a.terms);
      if (entries.length > MAX_ASPECT_TERMS)
        a.terms = Object.fromEntries(entries.sort((x, y) => y[1] - x[1]).slice(0, MAX_ASPECT_TERMS));
    }
  }
  return [...changed].map((k) => rows.get(k) as ProfileRow);
}

function domainsOf(trace: Trace): string[] {
  return [...new Set(trace.sources.map((s) => s.domain).filter(Boolean))];
}

function newDomain(domain: string, at: number): DomainStats {
  return { domain, good: 0, bad: 0, labels: 0, flags: 0, shown: 0, grades: [0, 0, 0, 0], at };
}

function foldDomain(s: DomainStats, d: DomainJudgement, at: number): void {
  if (at >= s.at) {
    const f = decayFactor(s.at, at);
    s.good = s.good * f + d.good;
    s.bad = s.bad * f + d.bad;
    s.at = at;
  } else {
    // An older judgement arriving late (an import): it weighs what it would have weighed by now.
    const f = decayFactor(at, s.at);
    s.good += d.good * f;
    s.bad += d.bad * f;
  }
  s.labels++;
  if (d.flag) s.flags++;
  if (d.grade !== undefined) s.grades[d.grade] = (s.grades[d.grade] ?? 0) + 1;
}
