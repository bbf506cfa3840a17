import { ORIGINS, type Origin, STAGE_LABELS, STAGES, type Stage } from '../../storage/labels';
import { type MessageKey, t } from '../../utils/i18n';
import { eitherOf } from './words';

/** What each stage's labels are about, in the words the strip uses. */
const LABEL_SUBJECT = {
  decomposition: 'logLabelSubjectDecomposition',
  retrieval: 'logLabelSubjectRetrieval',
  answer: 'logLabelSubjectAnswer',
  overall: 'logLabelSubjectOverall',
} satisfies Record<Stage, MessageKey>;

// Label, grade and stage names are the strip's and the panels' too: one set of messages (utils/describe-event.ts).
import { labelName } from '../../utils/describe-event';

export { labelName, relevanceName, stageName } from '../../utils/describe-event';

/**
 * One choice per label for the log's label filter. A label used by two stages ("irrelevant" for a sub-query and
 * for answer text) is one choice that says both, since the filter matches the label wherever it was given.
 */
export function labelChoices(): { value: string; text: string }[] {
  const stagesOf = new Map<string, Stage[]>();
  for (const stage of STAGES) {
    for (const label of STAGE_LABELS[stage] as readonly string[])
      stagesOf.set(label, [...(stagesOf.get(label) ?? []), stage]);
  }
  return [...stagesOf].map(([label, stages]) => ({
    value: label,
    text: t('logLabelChoice', labelName(label), eitherOf(stages.map((s) => t(LABEL_SUBJECT[s])))),
  }));
}

/** Who a piece of feedback came from, for people who never read the docs. */
const ORIGIN_NAMES = {
  user: 'logOriginUser',
  shadow: 'logOriginShadow',
  shadow_confirmed: 'logOriginShadowConfirmed',
  shadow_rejected: 'logOriginShadowRejected',
  implicit: 'logOriginImplicit',
} satisfies Record<Origin, MessageKey>;

export const originName = (origin: Origin): string => t(ORIGIN_NAMES[origin]);

export const originChoices = (): { value: Origin; text: string }[] =>
  ORIGINS.map((o) => ({ value: o, text: originName(o) }));
