/**
 * Ranking across tiers: which (at most three) proposals an answer shows. A proposal's score is a Thompson sample
 * of the chance that this user confirms its kind (Beta over their confirmations and rejections of that kind and
 * tier), times the tier's confidence, times how often this user finds that stage failing on this site (the stage
 * to ask about first). A kind the user keeps rejecting samples low and backs off; unsure kinds still get tried.
 */
import type { Stage } from '../../storage/labels';
import type { FeedbackEvent } from '../../storage/schema';
import type { Random } from '../seeded-random';
import { MAX_VISIBLE_PROPOSALS, type Proposal, type ShadowProfileView } from './types';

export { type Random, seededRandom } from '../seeded-random';

/** Below this sampled chance of a "yes", a proposal is not shown. */
export const MIN_CONFIRM_SAMPLE = 0.35;

/** A kind gets one question per answer until the user has said yes to it this often. */
export const TRIED_CONFIRMATIONS = 2;

function gamma(shape: number, random: Random): number {
  if (shape < 1) return gamma(shape + 1, random) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Box–Muller normal.
      x = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(a: number, b: number, random: Random): number {
  const x = gamma(a, random);
  const y = gamma(b, random);
  return x / (x + y);
}

/** How often this user finds `stage` failing on this site (Beta(1, 1) mean). */
export function failureRate(view: ShadowProfileView, stage: Stage): number {
  const s = view.stages.find((x) => x.stage === stage);
  return ((s?.failed ?? 0) + 1) / ((s?.failed ?? 0) + (s?.passed ?? 0) + 2);
}

/** The stages in the order to ask about them on this site. */
export function stageOrder(view: ShadowProfileView): Stage[] {
  return (['decomposition', 'retrieval', 'answer'] as const)
    .map((stage) => ({ stage, rate: failureRate(view, stage) }))
    .sort((a, b) => b.rate - a.rate)
    .map((s) => s.stage);
}

export function targetKey(f: Pick<FeedbackEvent, 'stage' | 'target'>): string {
  const t = f.target;
  switch (t.type) {
    case 'stage':
      return `${f.stage}|stage`;
    case 'source':
      return `${f.stage}|source|${t.sourceId}`;
    case 'subquery':
      return `${f.stage}|subquery|${t.subqueryId}`;
    case 'citation':
      return `${f.stage}|citation|${t.sentenceId}|${t.sourceId}`;
    case 'span':
      return `${f.stage}|span|${t.position.start}-${t.position.end}`;
  }
}

/** Same question: same target, and for stage-wide labels the same label and text. */
export function proposalKey(p: Proposal): string {
  const v = p.feedback.value as { label?: string; text?: string } | number;
  const extra = p.feedback.target.type === 'stage' && typeof v === 'object' ? `|${v.label}|${v.text ?? ''}` : '';
  return `${targetKey(p.feedback)}${extra}`;
}

export interface RankOptions {
  random: Random;
  /** Targets the user already judged on this answer (targetKey): nothing is proposed for them. */
  judged?: ReadonlySet<string>;
  max?: number;
}

export interface Ranked extends Proposal {
  score: number;
}

export function rankProposals(proposals: Proposal[], view: ShadowProfileView, options: RankOptions): Ranked[] {
  const { random, judged, max = MAX_VISIBLE_PROPOSALS } = options;
  const samples = new Map<string, number>();
  const sampleFor = (p: Proposal) => {
    const key = `${p.kind}|${p.tier}`;
    let s = samples.get(key);
    if (s === undefined) {
      const k = view.kinds.find((x) => x.kind === p.kind && x.tier === p.tier);
      s = sampleBeta(1 + (k?.confirmed ?? 0), 1 + (k?.rejected ?? 0), random);
      samples.set(key, s);
    }
    return s;
  };
  const scored: Ranked[] = [];
  for (const p of proposals) {
    if (p.feedback.target.type !== 'stage' && judged?.has(targetKey(p.feedback))) continue;
    const chance = sampleFor(p);
    if (chance < MIN_CONFIRM_SAMPLE) continue;
    scored.push({ ...p, score: chance * p.agent.confidence * (0.5 + failureRate(view, p.feedback.stage)) });
  }
  scored.sort((a, b) => b.score - a.score);
  const seen = new Set<string>();
  const perKind = new Map<string, number>();
  const ranked: Ranked[] = [];
  for (const p of scored) {
    const key = proposalKey(p);
    const kindKey = `${p.kind}|${p.tier}`;
    const k = view.kinds.find((x) => x.kind === p.kind && x.tier === p.tier);
    const cap = (k?.confirmed ?? 0) >= TRIED_CONFIRMATIONS ? max : 1;
    if (seen.has(key) || (perKind.get(kindKey) ?? 0) >= cap) continue;
    seen.add(key);
    perKind.set(kindKey, (perKind.get(kindKey) ?? 0) + 1);
    ranked.push(p);
    if (ranked.length === max) break;
  }
  return ranked;
}
