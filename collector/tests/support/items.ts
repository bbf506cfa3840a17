import { createHash } from 'node:crypto';
import type { FeedbackEvent, Trace } from '../../../storage/schema';
import { uuidv7 } from '../../../utils/uuidv7';

export interface EnvelopeItem {
  id: string;
  timestamp: string;
  type: 'trace-upsert' | 'feedback-event';
  body: unknown;
}

const ANSWER = 'Most adults need seven or more hours of sleep. Less is linked to heart disease.';

export function trace(overrides: Partial<Trace> = {}): Trace {
  return {
    id: uuidv7(),
    schemaVersion: 1,
    siteId: 'google-ai-overview',
    pageUrl: 'https://www.google.com/search?q=how+much+sleep',
    query: 'how much sleep do adults need',
    capturedAt: new Date().toISOString(),
    lang: 'en',
    subqueries: [{ id: 'sq-1', text: 'adult sleep duration', position: 0, origin: 'user' }],
    sources: [
      {
        id: 'src-0',
        url: 'https://www.cdc.gov/sleep/about/index.html',
        title: 'About Sleep',
        domain: 'cdc.gov',
        position: 0,
        citingSentenceIds: ['t0'],
      },
    ],
    answer: {
      text: ANSWER,
      sentences: [
        { id: 't0', start: 0, end: 46 },
        { id: 't1', start: 47, end: ANSWER.length },
      ],
      complete: true,
    },
    availability: { decomposition: 'read', retrieval: 'read', answer: 'read' },
    adapter: { id: 'google-ai-overview', version: '1' },
    contentHash: createHash('sha256').update(ANSWER).digest('hex'),
    ...overrides,
  };
}

const base = (traceId: string) => ({
  id: uuidv7(),
  schemaVersion: 1 as const,
  traceId,
  createdAt: new Date().toISOString(),
  origin: 'user' as const,
});

/** One event per stage: a sub-query label, a source grade, a span label, a thumbs rating. */
export function stageEvents(traceId: string): FeedbackEvent[] {
  return [
    {
      ...base(traceId),
      stage: 'decomposition',
      target: { type: 'subquery', subqueryId: 'sq-1' },
      kind: 'label',
      value: { label: 'too_broad' },
    },
    {
      ...base(traceId),
      stage: 'retrieval',
      target: { type: 'source', sourceId: 'src-0' },
      kind: 'relevance',
      value: 3,
    },
    {
      ...base(traceId),
      stage: 'answer',
      target: {
        type: 'span',
        quote: {
          type: 'TextQuoteSelector',
          exact: 'seven or more hours',
          prefix: 'Most adults need ',
          suffix: ' of sleep',
        },
        position: { type: 'TextPositionSelector', start: 17, end: 36 },
      },
      kind: 'label',
      value: { label: 'unverifiable' },
    },
    {
      ...base(traceId),
      stage: 'overall',
      target: { type: 'stage' },
      kind: 'rating',
      value: { scale: 'thumbs', score: -1 },
    },
  ];
}

/** A source grade: the most common event, used to fill large batches. */
export function relevanceEvent(traceId: string, i: number): FeedbackEvent {
  return {
    ...base(traceId),
    stage: 'retrieval',
    target: { type: 'source', sourceId: `src-${i % 10}` },
    kind: 'relevance',
    value: (i % 4) as 0 | 1 | 2 | 3,
  };
}

export function item(type: EnvelopeItem['type'], body: { id: string }): EnvelopeItem {
  return { id: body.id, timestamp: new Date().toISOString(), type, body };
}

/** A trace and one event per stage, as envelope items. */
export function traceWithEvents(): { items: EnvelopeItem[]; trace: Trace; events: FeedbackEvent[] } {
  const t = trace();
  const events = stageEvents(t.id);
  return {
    trace: t,
    events,
    items: [item('trace-upsert', t), ...events.map((e) => item('feedback-event', e))],
  };
}

/** `count` relevance events on one trace, as envelope items. */
export function eventItems(count: number, traceId = uuidv7()): EnvelopeItem[] {
  return Array.from({ length: count }, (_, i) => item('feedback-event', relevanceEvent(traceId, i)));
}
