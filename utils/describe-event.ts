import { RELEVANCE_NAMES } from '../storage/labels';
import type { FeedbackEvent } from '../storage/schema';

const STAGE_NAMES = { decomposition: 'Decomposition', retrieval: 'Sources', answer: 'Answer', overall: 'Overall' };

/** One line a person can read, e.g. "Answer · incorrect" or "Overall · thumbs up". */
export function describeEvent(event: FeedbackEvent): string {
  return `${STAGE_NAMES[event.stage]} · ${describeValue(event)}`;
}

export function describeValue(event: FeedbackEvent): string {
  switch (event.kind) {
    case 'rating':
      return event.value.scale === 'thumbs'
        ? `thumbs ${event.value.score > 0 ? 'up' : 'down'}`
        : `usefulness ${event.value.score}/5`;
    case 'relevance':
      return `relevance ${event.value} (${RELEVANCE_NAMES[event.value]})`;
    case 'label':
      return event.value.label.replaceAll('_', ' ');
    case 'comment':
      return 'comment';
    case 'edit':
      return `edit: ${event.value.op.replaceAll('_', ' ')}`;
    case 'implicit':
      return event.value.signal.replaceAll('_', ' ');
    case 'retraction':
      return 'retracted';
    case 'refinement':
      return 'refined search opened';
    case 'comparison':
      return `refined answer ${event.value.verdict === 'same' ? 'the same' : event.value.verdict}`;
  }
}

/**
 * What an undo took back, e.g. "Undid: comment on Overall", "Undid: outdated on source 3, cdc.gov: About Sleep", or
 * for an undone removal "Undid removing: comment on Overall".
 */
export function describeUndone(undone: FeedbackEvent, removed: FeedbackEvent | undefined, about: string): string {
  const what = undone.kind === 'retraction' && removed ? removed : undone;
  const prefix = undone.kind === 'retraction' && removed ? 'Undid removing' : 'Undid';
  return `${prefix}: ${describeValue(what)} on ${about || STAGE_NAMES[what.stage]}`;
}

/** What a stored change was, for screen readers: "Saved: relevance 3 (perfectly relevant) on source 2, cdc.gov: …". */
export function describeSaved(event: FeedbackEvent, previous: FeedbackEvent | undefined, about: string): string {
  const what = event.kind === 'retraction' && previous ? previous : event;
  return `${event.kind === 'retraction' ? 'Removed' : 'Saved'}: ${describeValue(what)} on ${about || STAGE_NAMES[what.stage]}`;
}
