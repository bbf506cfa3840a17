import type { Stage } from '../../storage/labels';

export const STAGE_UI: { stage: Stage; name: string; hint: string }[] = [
  { stage: 'decomposition', name: 'Decomposition', hint: 'the sub-queries, or the aspects you needed' },
  { stage: 'retrieval', name: 'Sources', hint: 'each cited source' },
  { stage: 'answer', name: 'Answer', hint: 'sentences, spans, citations, a corrected answer' },
  { stage: 'overall', name: 'Overall', hint: 'usefulness and a comment' },
];
