import type { FeedbackEvent } from '../../../storage/schema';
import { controlKey } from './answer-store';

/**
 * The control a stored event belongs to, so feedback given earlier (before a
 * reload) lands on the same controls. Must agree with the keys the panels use.
 */
export function keyOf(event: FeedbackEvent): string | null {
  const { stage, target } = event;
  const targetKey =
    target.type === 'stage'
      ? 'stage'
      : target.type === 'source'
        ? `source:${target.sourceId}`
        : target.type === 'subquery'
          ? `subquery:${target.subqueryId}`
          : target.type === 'citation'
            ? `citation:${target.sentenceId}:${target.sourceId}`
            : spanKey(target.position.start, target.position.end);
  switch (event.kind) {
    case 'rating':
      return controlKey(stage, targetKey, event.value.scale);
    case 'relevance':
      return controlKey(stage, targetKey, 'relevance');
    case 'comment':
      return controlKey(stage, targetKey, 'comment');
    case 'label': {
      const { label } = event.value;
      if (label === 'missing_information') return controlKey(stage, `missing:${event.id}`, label);
      if (label === 'missing_aspect') return controlKey(stage, `aspect:${event.id}`, label);
      if (target.type === 'citation') return controlKey(stage, targetKey, 'support');
      return controlKey(stage, targetKey, `label:${label}`);
    }
    case 'edit': {
      const { op } = event.value;
      if (op === 'add' || op === 'add_source') return controlKey(stage, `added:${event.id}`, op);
      return controlKey(stage, targetKey, op);
    }
    case 'comparison':
      return controlKey(stage, targetKey, 'comparison');
    default:
      return null;
  }
}

export function spanKey(start: number, end: number): string {
  return `span:${start}-${end}`;
}

/** The effective events of a trace as the store's `given` map. */
export function givenFrom(events: readonly FeedbackEvent[]): Record<string, FeedbackEvent> {
  const given: Record<string, FeedbackEvent> = {};
  for (const event of events) {
    const key = keyOf(event);
    if (key) given[key] = event;
  }
  return given;
}
