import type { FeedbackEvent } from '../../storage/schema';
import type { ProposalKind, ShadowTier } from './types';

/** Agent names per tier; a stored shadow event's tier is read back from its agent's name. */
export const AGENT_NAMES: Record<ShadowTier, string> = {
  1: 'stageback-shadow-stats',
  2: 'stageback-shadow-llm',
  3: 'stageback-shadow-browser',
};
export const TIER1_VERSION = '1.0.0';

export function tierOfAgent(name: string): ShadowTier | null {
  for (const tier of [1, 2, 3] as const)
    if (name === AGENT_NAMES[tier] || name.startsWith(`${AGENT_NAMES[tier]}:`)) return tier;
  return null;
}

/** What the user said counts as their own judgement: their own events and the proposals they confirmed. */
export function isUsersJudgement(event: Pick<FeedbackEvent, 'origin'>): boolean {
  return event.origin === 'user' || event.origin === 'shadow_confirmed';
}

type Shape = Pick<FeedbackEvent, 'stage' | 'target' | 'kind' | 'value'>;

/** Which proposal kind a piece of feedback is (null: no tier proposes it). */
export function proposalKindOf(e: Shape): ProposalKind | null {
  const t = e.target.type;
  if (e.kind === 'label') {
    const label = (e.value as { label: string }).label;
    if (label === 'unreliable_source' && t === 'source') return 'unreliable_source';
    if (label === 'missing_aspect' || label === 'missing_information') return 'missing_aspect';
    if ((label === 'does_not_support' || label === 'partially_supports') && t === 'citation') return 'citation_check';
    if ((label === 'unverifiable' || label === 'incorrect') && t === 'span') return 'unsupported_sentence';
    if (label === 'irrelevant' && t === 'subquery') return 'irrelevant_subquery';
    return null;
  }
  if (e.kind === 'relevance' && t === 'source') return e.value === 0 ? 'irrelevant_source' : 'source_grade';
  if (e.kind === 'edit' && e.stage === 'decomposition' && (e.value as { op: string }).op === 'add')
    return 'missing_subquery';
  return null;
}

/** What a user does by hand for each kind, in actions (open the panel, choose, type), for "actions saved". */
export const MANUAL_ACTIONS: Record<ProposalKind, number> = {
  unreliable_source: 2,
  source_grade: 2,
  missing_aspect: 3,
  citation_check: 3,
  unsupported_sentence: 3,
  irrelevant_source: 2,
  irrelevant_subquery: 2,
  missing_subquery: 3,
};
