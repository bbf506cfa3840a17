import type { Stage } from '../../storage/labels';
import type { TraceDraft } from '../../storage/schema';

export interface StageUi {
  stage: Stage;
  name: string;
  hint: string;
}

/**
 * The strip's stages in the words of someone who never read about search pipelines. The first stage is named
 * for what the page has: the sub-queries where the site shows or gives them, otherwise whether the answer covered
 * what the user needed (its panel asks for the aspects they needed).
 */
export function stagesFor(trace: Pick<TraceDraft, 'subqueries'>): StageUi[] {
  const first: StageUi =
    trace.subqueries.length > 0
      ? { stage: 'decomposition', name: 'Sub-queries', hint: 'the searches the engine ran for your question' }
      : {
          stage: 'decomposition',
          name: 'Coverage',
          hint: 'did the answer cover every part of your question? Add an aspect you needed',
        };
  return [
    first,
    { stage: 'retrieval', name: 'Sources', hint: 'each cited source' },
    { stage: 'answer', name: 'Answer', hint: 'sentences, spans, citations, a corrected answer' },
    { stage: 'overall', name: 'Overall', hint: 'usefulness and a comment' },
  ];
}
