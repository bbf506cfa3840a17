import type { FeedbackEvent } from '../../storage/schema';
import type { ProposalKind, ShadowTier } from './types';

/** Agent names per tier (`agent.name`; tier 2 adds `:<model>`). */
export const TIER_AGENT_PREFIX: Record<ShadowTier, string> = {
  1: 'stageback-shadow-stats',
  2: 'stageback-shadow-llm',
  3: 'stageback-shadow-chrome',
};

export function tierOfAgent(name: string): ShadowTier | null {
  for (const tier of [2, 3, 1] as const) {
    const prefix = TIER_AGENT_PREFIX[tier];
    if (name === prefix || name.startsWith(`${prefix}:`)) return tier;
  }
  return null;
}

/**
 * Which proposal kind a stored shadow event (proposal, confirmation or rejection) is, read from the feedback it
 * carries and its tier; null for an event no tier proposes.
 */
export function proposalKindOf(event: FeedbackEvent, tier: ShadowTier): ProposalKind | null {
  const t = event.target.type;
  if (event.kind === 'label') {
    const label = event.value.label;
    if (label === 'unreliable_source') return 'unreliable_source';
    if (label === 'missing_aspect') return 'missing_aspect';
    if (label === 'irrelevant' && t === 'subquery') return 'irrelevant_subquery';
    if (event.stage === 'answer') return tier === 1 ? 'citation_check' : 'unsupported_sentence';
  }
  if (event.kind === 'relevance' && t === 'source') {
    return tier === 1 ? 'source_grade' : event.value === 0 ? 'irrelevant_source' : 'source_grade';
  }
  if (event.kind === 'edit' && event.value.op === 'add' && event.stage === 'decomposition') return 'missing_subquery';
  return null;
}

/** `<tier>/<kind>/<origin>` for the counters of proposals, confirmations and rejections (storage/aggregates.ts). */
export function shadowCounterName(event: FeedbackEvent): string | null {
  if (!event.agent) return null;
  const tier = tierOfAgent(event.agent.name);
  const kind = tier === null ? null : proposalKindOf(event, tier);
  return tier === null || kind === null ? null : `shadow=${tier}/${kind}/${event.origin}`;
}
