/**
 * The shape every shadow tier produces (tier 1: on-device statistics; tier 2: the user's language model; tier 3:
 * the browser's model). A tier proposes; ranking across tiers, the cap per answer and storing are shared
 * (utils/shadow/rank.ts, utils/background/shadow.ts).
 */

import type { Stage } from '../../storage/labels';
import type { FeedbackEvent, Trace } from '../../storage/schema';

export const SHADOW_TIERS = [1, 2, 3] as const;
export type ShadowTier = (typeof SHADOW_TIERS)[number];

/** What a proposal is about; the confirm/reject rates are learned per (kind, tier). */
export const PROPOSAL_KINDS = [
  /** tier 1: flag a source as unreliable (retrieval label `unreliable_source`), from the domain's history. */
  'unreliable_source',
  /** tier 1: a relevance grade for a source, from the domain's history. */
  'source_grade',
  /** tier 1 and 2: an aspect the answer leaves out (decomposition label `missing_aspect` with `text`). */
  'missing_aspect',
  /** tier 1: a sentence states a number, date, name or negation its cited source's title and snippet do not show. */
  'citation_check',
  /** tier 2/3: a sentence no cited source backs (answer label `unverifiable` on a span, or `does_not_support`). */
  'unsupported_sentence',
  /** tier 2/3: a source that does not answer the question (relevance grade 0). */
  'irrelevant_source',
  /** tier 2/3: a sub-query that does not belong (decomposition label `irrelevant`). */
  'irrelevant_subquery',
  /** tier 2/3: a sub-query the site should have searched (decomposition edit `add`). */
  'missing_subquery',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The feedback a proposal would store: an event without its id, trace, time, origin and agent. Stored as-is with
 * origin `shadow` and the proposal's agent; a confirmation stores the same with origin `shadow_confirmed`.
 */
export type ProposedFeedback = DistributiveOmit<
  Extract<FeedbackEvent, { kind: 'label' | 'relevance' | 'rating' | 'edit' }>,
  'id' | 'schemaVersion' | 'traceId' | 'createdAt' | 'origin' | 'agent' | 'supersedes' | 'evidence'
>;

export interface ShadowAgent {
  /** e.g. `stageback-shadow-stats`, `stageback-shadow-llm:<model>`, `stageback-shadow-chrome`. */
  name: string;
  version: string;
  /** The tier's own confidence that the user agrees, 0–1. */
  confidence: number;
}

export interface Proposal {
  kind: ProposalKind;
  tier: ShadowTier;
  feedback: ProposedFeedback;
  /** The question the strip asks, in words for people: "Is example.com unreliable for this?" */
  question: string;
  /** Why it is proposed, in words for people: "You flagged 3 pages from example.com as unreliable." Stored with it. */
  evidence: string;
  agent: ShadowAgent;
}

/**
 * What tier 1 has learned, read for one answer (only the rows that answer needs). Tier 2/3 may summarise it for
 * their prompt with `summarizeProfile` (utils/shadow/profile-summary.ts).
 */
export interface DomainStats {
  domain: string;
  /** Time-decayed weight of the user's positive and negative judgements of pages from this domain. */
  good: number;
  bad: number;
  /** Undecayed counts of the user's own labels (grades, flags) on this domain. */
  labels: number;
  flags: number;
  /** Answers the user gave feedback on that cited this domain (how often they could have judged it). */
  shown: number;
  /** Undecayed counts of relevance grades 0–3 given. */
  grades: [number, number, number, number];
  /** Epoch ms of the last judgement folded into `good`/`bad`. */
  at: number;
}

export interface KindStats {
  kind: ProposalKind;
  tier: ShadowTier;
  confirmed: number;
  rejected: number;
}

export interface StageStats {
  siteId: string;
  stage: Stage;
  /** The user's negative and positive judgements of this stage on this site. */
  failed: number;
  passed: number;
}

export interface AspectStats {
  /** The aspect as the user last wrote it. */
  text: string;
  /** How often the user needed it, and the weighted terms of the queries they needed it on. */
  count: number;
  /** The last question they needed it on. */
  example: string;
  terms: Record<string, number>;
}

export interface ShadowProfileView {
  now: number;
  /** Number of the user's queries seen, and per query term how many contained it (for term weights). */
  queries: number;
  termQueries: Record<string, number>;
  domains: Record<string, DomainStats>;
  kinds: KindStats[];
  stages: StageStats[];
  aspects: AspectStats[];
}

/** A tier: proposes for one answer. Tier 1 is synchronous; others may await their model. */
export interface ShadowTierEngine {
  tier: ShadowTier;
  proposeFor(trace: Trace, profile: ShadowProfileView): Proposal[] | Promise<Proposal[]>;
}

/** At most this many proposals are shown per answer (ranked across tiers). */
export const MAX_VISIBLE_PROPOSALS = 3;

/** A stored proposal as the strip shows it (the `shadow` event's id, what it asks, and why). */
export interface ShownProposal {
  id: string;
  traceId: string;
  kind: ProposalKind;
  tier: ShadowTier;
  question: string;
  why: string;
}
