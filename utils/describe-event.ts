import type {
  ComparisonVerdict,
  EditOp,
  IMPLICIT_SIGNALS,
  RELEVANCE_GRADES,
  Stage,
  StageLabel,
} from '../storage/labels';
import type { FeedbackEvent } from '../storage/schema';
import { type MessageKey, t } from './i18n';

// Words for what is stored, in the user's language (stored values and exports keep their own English names).
const STAGE_NAMES = {
  decomposition: 'stripEventStageDecomposition',
  retrieval: 'stripEventStageRetrieval',
  answer: 'stripEventStageAnswer',
  overall: 'stripEventStageOverall',
} satisfies Record<Stage, MessageKey>;

const RELEVANCE_NAMES = ['stripRelevance0', 'stripRelevance1', 'stripRelevance2', 'stripRelevance3'] satisfies Record<
  (typeof RELEVANCE_GRADES)[number],
  MessageKey
>;

const LABEL_NAMES = {
  irrelevant: 'stripLabelIrrelevant',
  duplicate: 'stripLabelDuplicate',
  wrong_order: 'stripLabelWrongOrder',
  too_broad: 'stripLabelTooBroad',
  too_narrow: 'stripLabelTooNarrow',
  missing_aspect: 'stripLabelMissingAspect',
  unreliable_source: 'stripLabelUnreliableSource',
  outdated: 'stripLabelOutdated',
  inaccessible: 'stripLabelInaccessible',
  incorrect: 'stripLabelIncorrect',
  unverifiable: 'stripLabelUnverifiable',
  repetitive: 'stripLabelRepetitive',
  incoherent: 'stripLabelIncoherent',
  supports: 'stripLabelSupports',
  partially_supports: 'stripLabelPartiallySupports',
  does_not_support: 'stripLabelDoesNotSupport',
  missing_information: 'stripLabelMissingInformation',
} satisfies Record<StageLabel, MessageKey>;

const EDIT_OP_NAMES = {
  add: 'stripEditOpAdd',
  remove: 'stripEditOpRemove',
  reorder: 'stripEditOpReorder',
  rewrite: 'stripEditOpRewrite',
  rerank: 'stripEditOpRerank',
  add_source: 'stripEditOpAddSource',
  correct_answer: 'stripEditOpCorrectAnswer',
} satisfies Record<EditOp, MessageKey>;

const SIGNAL_NAMES = {
  source_click: 'stripSignalSourceClick',
  dwell: 'stripSignalDwell',
  copy: 'stripSignalCopy',
  expand: 'stripSignalExpand',
  reformulation: 'stripSignalReformulation',
  follow_up: 'stripSignalFollowUp',
} satisfies Record<(typeof IMPLICIT_SIGNALS)[number], MessageKey>;

const VERDICT_NAMES = {
  better: 'stripEventVerdictBetter',
  same: 'stripEventVerdictSame',
  worse: 'stripEventVerdictWorse',
} satisfies Record<ComparisonVerdict, MessageKey>;

/** A stage as the log names it ("Decomposition", "Sources", "Answer", "Overall"). */
export const stageName = (stage: Stage) => t(STAGE_NAMES[stage]);

/** A relevance grade's name (0 "irrelevant" … 3 "perfectly relevant"). */
export const relevanceName = (grade: (typeof RELEVANCE_GRADES)[number]) => t(RELEVANCE_NAMES[grade]);

/** A label as people read it ("partially supports"); an unknown one with its underscores as spaces. */
export function labelName(label: string): string {
  const key = Object.hasOwn(LABEL_NAMES, label) ? LABEL_NAMES[label as StageLabel] : undefined;
  return key ? t(key) : label.replaceAll('_', ' ');
}

function named(names: Record<string, MessageKey>, value: string): string {
  const key = names[value];
  return key ? t(key) : value.replaceAll('_', ' ');
}

/** One line a person can read, e.g. "Answer · incorrect" or "Overall · thumbs up". */
export function describeEvent(event: FeedbackEvent): string {
  return t('stripEventLine', stageName(event.stage), describeValue(event));
}

export function describeValue(event: FeedbackEvent): string {
  switch (event.kind) {
    case 'rating':
      return event.value.scale === 'thumbs'
        ? t(event.value.score > 0 ? 'stripEventThumbsUp' : 'stripEventThumbsDown')
        : t('stripEventUsefulness', event.value.score);
    case 'relevance':
      return t('stripEventRelevance', event.value, relevanceName(event.value));
    case 'label':
      return labelName(event.value.label);
    case 'comment':
      return t('stripEventComment');
    case 'edit':
      return t('stripEventEdit', named(EDIT_OP_NAMES, event.value.op));
    case 'implicit':
      return named(SIGNAL_NAMES, event.value.signal);
    case 'retraction':
      return t('stripEventRetracted');
    case 'refinement':
      return t('stripEventRefined');
    case 'comparison':
      return t(VERDICT_NAMES[event.value.verdict]);
  }
}

/**
 * What an undo took back, e.g. "Undid: comment on Overall", "Undid: outdated on source 3, cdc.gov: About Sleep", or
 * for an undone removal "Undid removing: comment on Overall".
 */
export function describeUndone(undone: FeedbackEvent, removed: FeedbackEvent | undefined, about: string): string {
  const what = undone.kind === 'retraction' && removed ? removed : undone;
  const key = undone.kind === 'retraction' && removed ? 'stripEventUndidRemoving' : 'stripEventUndid';
  return t(key, describeValue(what), about || stageName(what.stage));
}

/** What a stored change was, for screen readers: "Saved: relevance 3 (perfectly relevant) on source 2, cdc.gov: …". */
export function describeSaved(event: FeedbackEvent, previous: FeedbackEvent | undefined, about: string): string {
  const what = event.kind === 'retraction' && previous ? previous : event;
  const key = event.kind === 'retraction' ? 'stripEventRemoved' : 'stripEventSaved';
  return t(key, describeValue(what), about || stageName(what.stage));
}
