import { ORIGINS, type Origin, STAGE_LABELS, STAGES, type Stage } from '../../storage/labels';
import { labelName } from './highlight-spans';

/** What each stage's labels are about, in the words the strip uses. */
const LABEL_SUBJECT: Record<Stage, string> = {
  decomposition: 'a sub-query',
  retrieval: 'a source',
  answer: 'answer text',
  overall: 'the answer',
};

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
    text: `${labelName(label)} (${stages.map((s) => LABEL_SUBJECT[s]).join(' or ')})`,
  }));
}

/** Who a piece of feedback came from, for people who never read the docs. */
export const ORIGIN_NAMES: Record<Origin, string> = {
  user: 'You',
  shadow: 'Suggested to you, not answered',
  shadow_confirmed: 'Suggested, and you agreed',
  shadow_rejected: 'Suggested, and you disagreed',
  implicit: 'What you did (opened, copied, read)',
};

export const ORIGIN_CHOICES = ORIGINS.map((o) => ({ value: o, text: ORIGIN_NAMES[o] }));
