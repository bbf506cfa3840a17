/**
 * Replays a Stageback log in time order: before each answer the agent sees only earlier events, proposes, and is
 * scored against what the user did on that answer. A shown proposal the user's own label agrees with counts as
 * confirmed (and teaches the per-kind ranking, as a real "yes" would); any other shown proposal as rejected.
 * Events the log holds from an agent are not the user's: `shadow` and `shadow_rejected` are left out, and a
 * `shadow_confirmed` counts as the user's own label.
 */
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { isUsersJudgement, MANUAL_ACTIONS, proposalKindOf } from './kinds';
import { applyToProfile, aspectOf, type ProfileRow, profileKey } from './profile';
import { loadProfileView, readFromMap } from './profile-view';
import { rankProposals, seededRandom } from './rank';
import { overlap } from './terms';
import type { Proposal, ProposalKind, ShadowTier, ShadowTierEngine } from './types';

export interface KindScore {
  kind: ProposalKind;
  tier: ShadowTier;
  proposals: number;
  agreed: number;
  /** The user's labels of this kind (for recall) and how many of them a shown proposal matched. */
  userLabels: number;
  matched: number;
  actionsSaved: number;
}

export interface ReplayResult {
  answers: number;
  /** Answers the user gave feedback on: only these are scored (an answer left alone says nothing either way). */
  judgedAnswers: number;
  answersWithProposals: number;
  scores: KindScore[];
}

export const precisionOf = (s: KindScore) => (s.proposals ? s.agreed / s.proposals : Number.NaN);
export const recallOf = (s: KindScore) => (s.userLabels ? s.matched / s.userLabels : Number.NaN);

/** Whether the user's event `e` says what proposal `p` proposed. */
export function agrees(p: Proposal, e: FeedbackEvent): boolean {
  const f = p.feedback;
  const t = f.target;
  const u = e.target;
  if (f.kind === 'relevance') {
    if (e.kind !== 'relevance' || t.type !== 'source' || u.type !== 'source' || t.sourceId !== u.sourceId) return false;
    return f.value >= 2 === e.value >= 2;
  }
  if (proposalKindOf(e) !== proposalKindOf(f)) return false;
  if (t.type === 'source' && u.type === 'source') return t.sourceId === u.sourceId;
  if (t.type === 'subquery' && u.type === 'subquery') return t.subqueryId === u.subqueryId;
  if (t.type === 'citation' && u.type === 'citation') return t.sentenceId === u.sentenceId && t.sourceId === u.sourceId;
  if (t.type === 'span' && u.type === 'span')
    return t.position.start < u.position.end && u.position.start < t.position.end;
  const a = aspectOf(f as FeedbackEvent);
  const b = aspectOf(e);
  if (a && b) return Math.max(overlap(a, b), overlap(b, a)) >= 0.5;
  return false;
}

/** The user's effective judgements of one answer: neither superseded nor withdrawn. */
function usersJudgements(events: FeedbackEvent[]): FeedbackEvent[] {
  const replaced = new Set(events.map((e) => e.supersedes).filter((id) => id !== undefined));
  return events.filter((e) => !replaced.has(e.id) && e.kind !== 'retraction' && isUsersJudgement(e));
}

export interface ReplayOptions {
  tiers: ShadowTierEngine[];
  seed?: number;
}

export async function replay(traces: Trace[], events: FeedbackEvent[], options: ReplayOptions): Promise<ReplayResult> {
  const random = seededRandom(options.seed ?? 1);
  const traceById = new Map(traces.map((t) => [t.id, t]));
  const byTrace = new Map<string, FeedbackEvent[]>();
  const timeline = events
    .filter((e) => traceById.has(e.traceId) && e.origin !== 'shadow' && e.origin !== 'shadow_rejected')
    .map((e) => (e.origin === 'shadow_confirmed' ? ({ ...e, origin: 'user', agent: undefined } as FeedbackEvent) : e))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const e of timeline) byTrace.set(e.traceId, [...(byTrace.get(e.traceId) ?? []), e]);

  const rows = new Map<string, ProfileRow>();
  const scores = new Map<string, KindScore>();
  const score = (kind: ProposalKind, tier: ShadowTier) => {
    const key = `${kind}|${tier}`;
    let s = scores.get(key);
    if (!s) {
      s = { kind, tier, proposals: 0, agreed: 0, userLabels: 0, matched: 0, actionsSaved: 0 };
      scores.set(key, s);
    }
    return s;
  };
  const order = [...traces].sort((a, b) => (a.capturedAt < b.capturedAt ? -1 : a.capturedAt > b.capturedAt ? 1 : 0));
  let next = 0;
  let answersWithProposals = 0;
  let judgedAnswers = 0;
  for (const trace of order) {
    const batch: FeedbackEvent[] = [];
    while (next < timeline.length && (timeline[next] as FeedbackEvent).createdAt < trace.capturedAt)
      batch.push(timeline[next++] as FeedbackEvent);
    applyToProfile(rows, { events: batch, traceOf: (id) => traceById.get(id) });

    const now = Date.parse(trace.capturedAt);
    const view = await loadProfileView(readFromMap(rows), trace, now);
    const proposed: Proposal[] = [];
    for (const tier of options.tiers) proposed.push(...(await tier.proposeFor(trace, view)));
    const shown = rankProposals(proposed, view, { random });

    const truth = usersJudgements(byTrace.get(trace.id) ?? []);
    if (truth.length === 0) continue;
    judgedAnswers++;
    if (shown.length > 0) answersWithProposals++;
    const matched = new Set<FeedbackEvent>();
    for (const p of shown) {
      const s = score(p.kind, p.tier);
      s.proposals++;
      const hit = truth.find((e) => agrees(p, e));
      if (hit) {
        s.agreed++;
        s.actionsSaved += MANUAL_ACTIONS[p.kind] - 1;
        matched.add(hit);
      }
      const key = profileKey.kind(p.kind, p.tier);
      const row = rows.get(key) ?? { key, kind: { kind: p.kind, tier: p.tier, confirmed: 0, rejected: 0 } };
      if ('kind' in row) row.kind[hit ? 'confirmed' : 'rejected']++;
      rows.set(key, row);
    }
    for (const e of truth) {
      const kind = proposalKindOf(e);
      if (!kind) continue;
      for (const tier of options.tiers) {
        const s = score(kind, tier.tier);
        s.userLabels++;
        if (matched.has(e) && shown.some((p) => p.tier === tier.tier && agrees(p, e))) s.matched++;
      }
    }
  }
  return { answers: order.length, judgedAnswers, answersWithProposals, scores: [...scores.values()] };
}

export function formatReplay(result: ReplayResult): string {
  const pct = (x: number) => (Number.isNaN(x) ? '   –' : `${(x * 100).toFixed(0).padStart(3)}%`);
  const lines = [
    `${result.answers} answers replayed; scored on the ${result.judgedAnswers} you gave feedback on, ${result.answersWithProposals} of them with proposals`,
    'kind                  tier  proposals  precision  recall  your labels  actions saved',
  ];
  const sorted = [...result.scores].sort((a, b) => a.tier - b.tier || a.kind.localeCompare(b.kind));
  for (const s of sorted) {
    if (s.proposals === 0 && s.userLabels === 0) continue;
    lines.push(
      `${s.kind.padEnd(22)}${String(s.tier).padStart(4)}${String(s.proposals).padStart(11)}${pct(precisionOf(s)).padStart(11)}${pct(recallOf(s)).padStart(8)}${String(s.userLabels).padStart(13)}${String(s.actionsSaved).padStart(15)}`,
    );
  }
  return lines.join('\n');
}
