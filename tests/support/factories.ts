import type { FeedbackEvent, TraceDraft } from '../../storage/schema';
import { makeEvent } from '../../utils/content/make-event';
import { uuidv7 } from '../../utils/uuidv7';

const ANSWER = 'Sleep needs vary by age. Most adults need seven to nine hours.';

export function traceDraft(overrides: Partial<TraceDraft> = {}): TraceDraft {
  return {
    id: uuidv7(),
    schemaVersion: 1,
    siteId: 'google-ai-overview',
    pageUrl: 'https://www.google.com/search?q=how+much+sleep',
    query: 'how much sleep',
    capturedAt: new Date().toISOString(),
    lang: 'en',
    subqueries: [],
    sources: [
      {
        id: 's1',
        url: 'https://www.sleepfoundation.org/how-sleep-works/how-much-sleep-do-we-really-need',
        title: 'How Much Sleep Do You Need?',
        domain: 'sleepfoundation.org',
        position: 0,
        citingSentenceIds: ['t1'],
      },
    ],
    answer: {
      text: ANSWER,
      sentences: [
        { id: 't0', start: 0, end: 24 },
        { id: 't1', start: 25, end: ANSWER.length },
      ],
      complete: true,
    },
    availability: { decomposition: 'not_available', retrieval: 'read', answer: 'read' },
    adapter: { id: 'google-ai-overview', version: '1' },
    ...overrides,
  };
}

export function thumbs(traceId: string, score: 1 | -1 = 1, supersedes?: string): FeedbackEvent {
  return makeEvent(
    traceId,
    { stage: 'overall', target: { type: 'stage' }, kind: 'rating', value: { scale: 'thumbs', score } },
    supersedes,
  );
}

export function spanLabel(traceId: string, label: 'incorrect' | 'unverifiable' = 'incorrect'): FeedbackEvent {
  return makeEvent(traceId, {
    stage: 'answer',
    target: {
      type: 'span',
      quote: { type: 'TextQuoteSelector', exact: 'seven to nine hours', prefix: 'Most adults need ', suffix: '.' },
      position: { type: 'TextPositionSelector', start: 42, end: 61 },
    },
    kind: 'label',
    value: { label },
  });
}
