import {
  ORIGINS,
  type Origin,
  type RELEVANCE_GRADES,
  STAGE_LABELS,
  STAGES,
  type Stage,
  type StageLabel,
} from '../../storage/labels';
import { type MessageKey, t } from '../../utils/i18n';
import { eitherOf } from './words';

/** What each stage's labels are about, in the words the strip uses. */
const LABEL_SUBJECT = {
  decomposition: 'logLabelSubjectDecomposition',
  retrieval: 'logLabelSubjectRetrieval',
  answer: 'logLabelSubjectAnswer',
  overall: 'logLabelSubjectOverall',
} satisfies Record<Stage, MessageKey>;

const LABEL_NAMES = {
  irrelevant: 'logLabelIrrelevant',
  duplicate: 'logLabelDuplicate',
  wrong_order: 'logLabelWrongOrder',
  too_broad: 'logLabelTooBroad',
  too_narrow: 'logLabelTooNarrow',
  missing_aspect: 'logLabelMissingAspect',
  unreliable_source: 'logLabelUnreliableSource',
  outdated: 'logLabelOutdated',
  inaccessible: 'logLabelInaccessible',
  incorrect: 'logLabelIncorrect',
  unverifiable: 'logLabelUnverifiable',
  repetitive: 'logLabelRepetitive',
  incoherent: 'logLabelIncoherent',
  supports: 'logLabelSupports',
  partially_supports: 'logLabelPartiallySupports',
  does_not_support: 'logLabelDoesNotSupport',
  missing_information: 'logLabelMissingInformation',
} satisfies Record<StageLabel, MessageKey>;

/** A label's name in words; a label this version does not know (imported data) as its identifier, spaced. */
export function labelName(label: string): string {
  const key = Object.hasOwn(LABEL_NAMES, label) ? LABEL_NAMES[label as StageLabel] : undefined;
  return key ? t(key) : label.replaceAll('_', ' ');
}

const RELEVANCE_NAMES = [
  'logRelevanceIrrelevant',
  'logRelevanceRelated',
  'logRelevanceHighly',
  'logRelevancePerfectly',
] as const satisfies Record<(typeof RELEVANCE_GRADES)[number], MessageKey>;

/** A relevance grade (0…3) in words: "perfectly relevant". */
export const relevanceName = (grade: (typeof RELEVANCE_GRADES)[number]): string => t(RELEVANCE_NAMES[grade]);

const STAGE_NAMES = {
  decomposition: 'logStageDecomposition',
  retrieval: 'logStageRetrieval',
  answer: 'logStageAnswer',
  overall: 'logStageOverall',
} satisfies Record<Stage, MessageKey>;

export const stageName = (stage: Stage): string => t(STAGE_NAMES[stage]);

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
