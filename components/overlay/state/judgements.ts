import type { CITATION_LABELS, RELEVANCE_GRADES } from '../../../storage/labels';
import { controlKey, type Payload } from './answer-store';

/**
 * The two judgements given in several places (the Sources and Answer panels, the card at the page's citation links,
 * keys on those links): one control key and one payload each, so every place gives and reads the same feedback.
 */
export const gradeKey = (sourceId: string) => controlKey('retrieval', `source:${sourceId}`, 'relevance');

export const gradePayload = (sourceId: string, value: (typeof RELEVANCE_GRADES)[number]): Payload => ({
  stage: 'retrieval',
  target: { type: 'source', sourceId },
  kind: 'relevance',
  value,
});

export const supportKey = (sentenceId: string, sourceId: string) =>
  controlKey('answer', `citation:${sentenceId}:${sourceId}`, 'support');

export const supportPayload = (
  sentenceId: string,
  sourceId: string,
  label: (typeof CITATION_LABELS)[number],
): Payload => ({
  stage: 'answer',
  target: { type: 'citation', sentenceId, sourceId },
  kind: 'label',
  value: { label },
});
