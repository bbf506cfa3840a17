import type { Stage } from '../../storage/labels';
import type { TraceDraft } from '../../storage/schema';
import { t } from '../../utils/i18n';

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
      ? { stage: 'decomposition', name: t('stripStageSubqueries'), hint: t('stripStageSubqueriesHint') }
      : { stage: 'decomposition', name: t('stripStageCoverage'), hint: t('stripStageCoverageHint') };
  return [
    first,
    { stage: 'retrieval', name: t('stripStageSources'), hint: t('stripStageSourcesHint') },
    { stage: 'answer', name: t('stripStageAnswer'), hint: t('stripStageAnswerHint') },
    { stage: 'overall', name: t('stripStageOverall'), hint: t('stripStageOverallHint') },
  ];
}
