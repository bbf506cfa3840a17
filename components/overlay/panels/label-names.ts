/**
 * The words for label, grade and importance values, read at render time: the stored values stay as they are
 * (`wrong_order`, 2, `vital`); only what the person reads is translated. Shared with the span toolbar and the
 * citation card.
 */
import type { NUGGET_IMPORTANCE, RELEVANCE_GRADES, StageLabel } from '../../../storage/labels';
import { type MessageKey, t } from '../../../utils/i18n';

const LABEL_NAMES = {
  irrelevant: 'panelsLabelIrrelevant',
  duplicate: 'panelsLabelDuplicate',
  wrong_order: 'panelsLabelWrongOrder',
  too_broad: 'panelsLabelTooBroad',
  too_narrow: 'panelsLabelTooNarrow',
  missing_aspect: 'panelsLabelMissingAspect',
  unreliable_source: 'panelsLabelUnreliableSource',
  outdated: 'panelsLabelOutdated',
  inaccessible: 'panelsLabelInaccessible',
  incorrect: 'panelsLabelIncorrect',
  unverifiable: 'panelsLabelUnverifiable',
  repetitive: 'panelsLabelRepetitive',
  incoherent: 'panelsLabelIncoherent',
  supports: 'panelsLabelSupports',
  partially_supports: 'panelsLabelPartiallySupports',
  does_not_support: 'panelsLabelDoesNotSupport',
  missing_information: 'panelsLabelMissingInformation',
} as const satisfies Record<StageLabel, MessageKey>;

/** A label's name on screen ("wrong order"); an unknown label as its words. */
export function labelName(label: string): string {
  const key = (LABEL_NAMES as Record<string, MessageKey | undefined>)[label];
  return key ? t(key) : label.replaceAll('_', ' ');
}

const RELEVANCE_NAMES = {
  0: 'panelsRelevanceIrrelevant',
  1: 'panelsRelevanceRelated',
  2: 'panelsRelevanceHighlyRelevant',
  3: 'panelsRelevancePerfectlyRelevant',
} as const satisfies Record<(typeof RELEVANCE_GRADES)[number], MessageKey>;

/** A relevance grade's name on screen ("highly relevant"); storage/labels.ts RELEVANCE_NAMES stays the exports' English. */
export const relevanceName = (grade: (typeof RELEVANCE_GRADES)[number]): string => t(RELEVANCE_NAMES[grade]);

const IMPORTANCE_NAMES = {
  vital: 'panelsImportanceVital',
  okay: 'panelsImportanceOkay',
} as const satisfies Record<(typeof NUGGET_IMPORTANCE)[number], MessageKey>;

export const importanceName = (importance: (typeof NUGGET_IMPORTANCE)[number]): string =>
  t(IMPORTANCE_NAMES[importance]);
