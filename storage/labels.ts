/**
 * The label set per pipeline stage: the one source of truth for schemas, UI and
 * exports. Where each label comes from is in docs/data-model.md.
 */
export const STAGES = ['decomposition', 'retrieval', 'answer', 'overall'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS = {
  decomposition: ['irrelevant', 'duplicate', 'wrong_order', 'too_broad', 'too_narrow', 'missing_aspect'],
  retrieval: ['unreliable_source', 'outdated', 'inaccessible'],
  answer: [
    'incorrect',
    'unverifiable',
    'irrelevant',
    'repetitive',
    'incoherent',
    'supports',
    'partially_supports',
    'does_not_support',
    'missing_information',
  ],
  overall: [],
} as const satisfies Record<Stage, readonly string[]>;

export type StageLabel<S extends Stage = Stage> = (typeof STAGE_LABELS)[S][number];
export const ALL_LABELS = [...new Set(STAGES.flatMap((s) => STAGE_LABELS[s] as readonly string[]))] as StageLabel[];

/** Span labels on answer text (Fine-Grained RLHF error types). */
export const SPAN_LABELS = ['incorrect', 'unverifiable', 'irrelevant', 'repetitive', 'incoherent'] as const;
/** Per (sentence, cited source) grade (ALCE citation precision 2/1/0). */
export const CITATION_LABELS = ['supports', 'partially_supports', 'does_not_support'] as const;
/** TREC RAG nugget importance for `missing_information`. */
export const NUGGET_IMPORTANCE = ['vital', 'okay'] as const;

export const EDIT_OPS = {
  decomposition: ['add', 'remove', 'reorder', 'rewrite'],
  retrieval: ['rerank', 'add_source', 'remove'],
  answer: ['correct_answer'],
  overall: [],
} as const satisfies Record<Stage, readonly string[]>;
export type EditOp = (typeof EDIT_OPS)[Stage][number];
export const ALL_EDIT_OPS = [...new Set(STAGES.flatMap((s) => EDIT_OPS[s] as readonly string[]))] as EditOp[];

/** TREC DL / UMBRELA graded relevance: 0 irrelevant … 3 perfectly relevant. */
export const RELEVANCE_GRADES = [0, 1, 2, 3] as const;
export const RELEVANCE_NAMES = ['irrelevant', 'related', 'highly relevant', 'perfectly relevant'] as const;

export const RATING_SCALES = ['thumbs', 'likert5'] as const;

export const IMPLICIT_SIGNALS = ['source_click', 'dwell', 'copy', 'expand', 'reformulation', 'follow_up'] as const;

export const ORIGINS = ['user', 'shadow', 'shadow_confirmed', 'shadow_rejected', 'implicit'] as const;
export type Origin = (typeof ORIGINS)[number];

export const FEEDBACK_KINDS = [
  'rating',
  'relevance',
  'label',
  'comment',
  'edit',
  'implicit',
  'retraction',
  'refinement',
  'comparison',
] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Engines a search can be re-run on from the user's feedback (utils/refine). */
export const REFINE_ENGINES = ['google', 'google-ai-mode', 'bing', 'perplexity', 'chatgpt'] as const;
/** The user's judgement of a refined answer against the original one. */
export const COMPARISON_VERDICTS = ['better', 'same', 'worse'] as const;
export type ComparisonVerdict = (typeof COMPARISON_VERDICTS)[number];
