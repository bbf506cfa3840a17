import type { StagebackDB } from '../../../storage/db';
import { createEventWriter } from '../../../storage/event-writer';
import { type FeedbackEvent, FeedbackEventSchema, type Trace, TraceSchema } from '../../../storage/schema';
import { contentHash } from '../../../storage/trace-store';

/** A small fixed dataset: every site shape, every event kind, a supersede chain, a retraction, shadow origins. */

export const EXPORTED_AT = '2026-11-27T09:00:00.000Z';

const hex = (n: number) => n.toString(16).padStart(12, '0');
export const traceId = (n: number) => `0193a000-0001-7000-8000-${hex(n)}`;
export const eventId = (n: number) => `0193a000-0002-7000-8000-${hex(n)}`;
const at = (minute: number, second = 0) =>
  `2026-11-26T20:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;

const SLEEP =
  'Most adults need seven or more hours of sleep each night to stay healthy. Getting less than that on a regular basis is linked to weight gain, heart disease and depression.';
const TOMATO =
  'Plant tomatoes outdoors in zone 6 after the last frost, usually mid-May. Soil should be at least 60°F. Soil should be at least 60°F.';
const COFFEE = 'Moderate coffee intake, up to 400 mg of caffeine a day, is safe for most adults.';
/** The tomato question searched again from its feedback ("Refine"), and the answer that search gave. */
const TOMATO_REFINED_QUERY =
  'best time to plant tomatoes in zone 6. Also cover: minimum soil temperature for tomatoes; hardening off tomato seedlings; frost protection for early plantings. Leave out sources from extension.umn.edu.';
const TOMATO_REFINED =
  'In zone 6, plant tomatoes outdoors two weeks after the last frost, once the soil is at least 60°F. Harden seedlings off for a week first. Cover early plantings with row covers on cold nights.';

const base = {
  schemaVersion: 1 as const,
  lang: 'en',
  availability: { decomposition: 'read' as const, retrieval: 'read' as const, answer: 'read' as const },
};

const TRACE_DRAFTS: Omit<Trace, 'contentHash'>[] = [
  {
    ...base,
    id: traceId(1),
    siteId: 'google-ai-overview',
    pageUrl: 'https://www.google.com/search?q=how+much+sleep+do+adults+need',
    query: 'how much sleep do adults need',
    capturedAt: at(0),
    subqueries: [],
    sources: [
      {
        id: 'src-0',
        url: 'https://www.cdc.gov/sleep/about/index.html',
        title: 'About Sleep - CDC',
        snippet:
          'Adults need 7 or more hours of sleep per night. Not getting enough sleep is linked with many chronic diseases.',
        domain: 'cdc.gov',
        position: 0,
        citingSentenceIds: ['5001', '5002'],
      },
      {
        id: 'src-1',
        url: 'https://www.sleepfoundation.org/how-sleep-works/how-much-sleep-do-we-really-need',
        title: '=How Much Sleep Do You Need?',
        domain: 'sleepfoundation.org',
        position: 1,
        citingSentenceIds: ['5001'],
      },
    ],
    answer: {
      text: SLEEP,
      sentences: [
        { id: '5001', start: 0, end: 73 },
        { id: '5002', start: 74, end: SLEEP.length },
      ],
      complete: true,
    },
    availability: { decomposition: 'not_available', retrieval: 'read', answer: 'read' },
    adapter: { id: 'google-ai-overview', version: '1' },
  },
  {
    ...base,
    id: traceId(2),
    siteId: 'perplexity',
    pageUrl: 'https://www.perplexity.ai/search/best-time-to-plant-tomatoes-zone-6',
    query: 'best time to plant tomatoes in zone 6',
    capturedAt: at(10),
    subqueries: [
      { id: 'sq-1', text: 'last frost date zone 6', position: 0, origin: 'site-data' },
      { id: 'sq-2', text: 'tomato planting temperature', position: 1, origin: 'site-data' },
      { id: 'sq-3', text: 'zone 6 gardening calendar', position: 2, origin: 'site-data' },
    ],
    sources: [
      {
        id: 'b0',
        url: 'https://extension.umn.edu/vegetables/growing-tomatoes',
        title: 'Growing tomatoes in home gardens',
        domain: 'extension.umn.edu',
        position: 0,
        citingSentenceIds: ['s0'],
      },
      {
        id: 'b1',
        url: 'https://www.almanac.com/gardening/frostdates',
        title: 'Frost Dates Calculator',
        snippet: 'The average last spring frost in zone 6 falls between May 1 and May 15.',
        domain: 'almanac.com',
        position: 1,
        citingSentenceIds: ['s0'],
      },
      {
        id: 'b2',
        url: 'https://www.gardeningknowhow.com/edible/vegetables/tomato/tomato-soil-temperature.htm',
        title: 'Tomato soil temperature',
        domain: 'gardeningknowhow.com',
        position: 2,
        citingSentenceIds: ['s1', 's2'],
      },
    ],
    answer: {
      text: TOMATO,
      sentences: [
        { id: 's0', start: 0, end: 72 },
        { id: 's1', start: 73, end: 102 },
        { id: 's2', start: 103, end: TOMATO.length },
      ],
      complete: true,
    },
    adapter: { id: 'perplexity', version: '1' },
  },
  {
    ...base,
    id: traceId(3),
    siteId: 'copilot',
    pageUrl: 'https://www.bing.com/search?q=is+coffee+bad+for+you',
    query: 'is coffee bad for you',
    capturedAt: at(20),
    subqueries: [
      { id: 'q0', text: 'coffee health effects', position: 0, origin: 'shown' },
      { id: 'q1', text: 'safe caffeine amount per day', position: 1, origin: 'shown' },
    ],
    sources: [
      {
        id: 'c0',
        url: 'https://www.fda.gov/consumers/consumer-updates/spilling-beans-how-much-caffeine-too-much',
        title: 'Spilling the Beans: How Much Caffeine is Too Much?',
        domain: 'fda.gov',
        position: 0,
        citingSentenceIds: ['c-s0'],
      },
    ],
    answer: { text: COFFEE, sentences: [{ id: 'c-s0', start: 0, end: COFFEE.length }], complete: true },
    adapter: { id: 'copilot', version: '2' },
  },
  {
    ...base,
    id: traceId(4),
    siteId: 'any-site',
    pageUrl: 'https://example.org/article?id=42',
    query: '',
    capturedAt: at(30),
    lang: null,
    subqueries: [],
    sources: [],
    answer: { text: 'A selected paragraph nobody labelled.', sentences: [], complete: true },
    availability: { decomposition: 'not_available', retrieval: 'not_available', answer: 'read' },
    adapter: { id: 'selection', version: '1' },
  },
  {
    // Read in the tab "Refine" opened from trace 2 (event 34): linked to it by the background.
    ...base,
    id: traceId(5),
    siteId: 'perplexity',
    pageUrl: 'https://www.perplexity.ai/search/best-time-to-plant-tomatoes-in-zone-6-also-cover-minimum-soil',
    query: TOMATO_REFINED_QUERY,
    capturedAt: at(13, 20),
    subqueries: [
      { id: 'r-sq-1', text: 'last frost date zone 6', position: 0, origin: 'site-data' },
      { id: 'r-sq-2', text: 'hardening off tomato seedlings', position: 1, origin: 'site-data' },
    ],
    sources: [
      {
        id: 'r0',
        url: 'https://www.almanac.com/gardening/frostdates',
        title: 'Frost Dates Calculator',
        domain: 'almanac.com',
        position: 0,
        citingSentenceIds: ['r-s0'],
      },
      {
        id: 'r1',
        url: 'https://extension.psu.edu/hardening-off-vegetable-transplants',
        title: 'Hardening off vegetable transplants',
        domain: 'extension.psu.edu',
        position: 1,
        citingSentenceIds: ['r-s1', 'r-s2'],
      },
    ],
    answer: {
      text: TOMATO_REFINED,
      sentences: [
        { id: 'r-s0', start: 0, end: 98 },
        { id: 'r-s1', start: 99, end: 137 },
        { id: 'r-s2', start: 138, end: TOMATO_REFINED.length },
      ],
      complete: true,
    },
    refinedFrom: { traceId: traceId(2), refinementId: eventId(34) },
    adapter: { id: 'perplexity', version: '1' },
  },
];

const KEY_ORDER = Object.keys(TraceSchema.shape) as (keyof Trace)[];
/** Keys in schema order, as a captured trace has them, with the content hash capture computes. */
export const TRACES: Trace[] = await Promise.all(
  TRACE_DRAFTS.map(async (draft) => {
    const t: Trace = { ...draft, contentHash: await contentHash(draft) };
    return Object.fromEntries(KEY_ORDER.filter((k) => k in t).map((k) => [k, t[k]])) as Trace;
  }),
);

const SHADOW = { name: 'shadow-user', version: '0.1.0', confidence: 0.62 };
const span = (text: string, exact: string, from = 0) => {
  const start = text.indexOf(exact, from);
  return {
    type: 'span' as const,
    quote: {
      type: 'TextQuoteSelector' as const,
      exact,
      prefix: text.slice(Math.max(0, start - 32), start),
      suffix: text.slice(start + exact.length, start + exact.length + 32),
    },
    position: { type: 'TextPositionSelector' as const, start, end: start + exact.length },
  };
};

type Draft = Omit<FeedbackEvent, 'id' | 'schemaVersion' | 'traceId' | 'createdAt'> & { supersedes?: string };
const ev = (n: number, trace: number, createdAt: string, draft: Draft) =>
  ({ id: eventId(n), schemaVersion: 1, traceId: traceId(trace), createdAt, ...draft }) as FeedbackEvent;
const stage = { type: 'stage' as const };

export const EVENTS: FeedbackEvent[] = [
  ev(1, 1, at(1, 0), {
    stage: 'overall',
    target: stage,
    kind: 'rating',
    value: { scale: 'thumbs', score: -1 },
    origin: 'user',
  }),
  ev(2, 1, at(1, 5), {
    stage: 'answer',
    target: span(SLEEP, 'weight gain'),
    kind: 'label',
    value: { label: 'unverifiable' },
    origin: 'user',
  }),
  ev(3, 1, at(1, 10), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 'src-0' },
    kind: 'relevance',
    value: 2,
    origin: 'user',
  }),
  ev(4, 1, at(1, 12), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 'src-0' },
    kind: 'relevance',
    value: 3,
    origin: 'user',
    supersedes: eventId(3),
  }),
  ev(5, 1, at(1, 12), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 'src-1' },
    kind: 'relevance',
    value: 1,
    origin: 'user',
  }),
  ev(6, 1, at(1, 20), {
    stage: 'answer',
    target: { type: 'citation', sentenceId: '5001', sourceId: 'src-0' },
    kind: 'label',
    value: { label: 'supports' },
    origin: 'user',
  }),
  ev(7, 1, at(1, 30), {
    stage: 'answer',
    target: stage,
    kind: 'label',
    value: { label: 'missing_information', text: 'Naps do not make up for lost night sleep.', importance: 'okay' },
    origin: 'shadow',
    agent: SHADOW,
  }),
  ev(8, 1, at(1, 40), {
    stage: 'answer',
    target: stage,
    kind: 'label',
    value: { label: 'missing_information', text: 'Naps do not make up for lost night sleep.', importance: 'vital' },
    origin: 'shadow_confirmed',
    agent: SHADOW,
    supersedes: eventId(7),
  }),
  ev(9, 1, at(1, 45), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 'src-0' },
    kind: 'implicit',
    value: { signal: 'source_click', position: 0, url: 'https://www.cdc.gov/sleep/about/index.html' },
    origin: 'implicit',
  }),
  ev(10, 1, at(2, 0), {
    stage: 'answer',
    target: stage,
    kind: 'edit',
    value: {
      op: 'correct_answer',
      before: SLEEP,
      after:
        'Adults need seven or more hours of sleep a night. Regularly sleeping less is linked to heart disease and depression.',
    },
    origin: 'user',
  }),
  ev(11, 1, at(2, 10), {
    stage: 'overall',
    target: stage,
    kind: 'comment',
    value: '=HYPERLINK("http://evil.example"), then "quotes"\nand a second line',
    origin: 'user',
  }),
  ev(12, 1, at(2, 20), {
    stage: 'answer',
    target: span(SLEEP, 'seven or more hours'),
    kind: 'label',
    value: { label: 'incorrect' },
    origin: 'user',
  }),
  ev(13, 1, at(2, 25), {
    stage: 'answer',
    target: span(SLEEP, 'seven or more hours'),
    kind: 'retraction',
    value: null,
    origin: 'user',
    supersedes: eventId(12),
  }),

  ev(14, 2, at(11, 0), {
    stage: 'decomposition',
    target: { type: 'subquery', subqueryId: 'sq-2' },
    kind: 'edit',
    value: { op: 'rewrite', before: 'tomato planting temperature', after: 'minimum soil temperature for tomatoes' },
    origin: 'user',
  }),
  ev(15, 2, at(11, 10), {
    stage: 'decomposition',
    target: { type: 'subquery', subqueryId: 'sq-3' },
    kind: 'edit',
    value: { op: 'remove', before: 'zone 6 gardening calendar', after: null },
    origin: 'user',
  }),
  ev(16, 2, at(11, 20), {
    stage: 'decomposition',
    target: stage,
    kind: 'edit',
    value: { op: 'add', before: null, after: 'hardening off tomato seedlings' },
    origin: 'user',
  }),
  ev(17, 2, at(11, 30), {
    stage: 'decomposition',
    target: stage,
    kind: 'edit',
    value: { op: 'reorder', before: ['sq-1', 'sq-2'], after: ['sq-2', 'sq-1'] },
    origin: 'user',
  }),
  ev(18, 2, at(11, 40), {
    stage: 'decomposition',
    target: stage,
    kind: 'label',
    value: { label: 'missing_aspect', text: 'frost protection for early plantings' },
    origin: 'user',
  }),
  ev(19, 2, at(11, 50), {
    stage: 'decomposition',
    target: { type: 'subquery', subqueryId: 'sq-1' },
    kind: 'label',
    value: { label: 'duplicate' },
    origin: 'shadow_rejected',
    agent: SHADOW,
  }),
  ev(20, 2, at(12, 0), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 'b0' },
    kind: 'relevance',
    value: 0,
    origin: 'user',
  }),
  ev(21, 2, at(12, 0), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 'b1' },
    kind: 'relevance',
    value: 3,
    origin: 'user',
  }),
  ev(22, 2, at(12, 10), {
    stage: 'retrieval',
    target: stage,
    kind: 'edit',
    value: { op: 'rerank', before: ['b0', 'b1', 'b2'], after: ['b1', 'b0', 'b2'] },
    origin: 'user',
  }),
  ev(23, 2, at(12, 20), {
    stage: 'answer',
    target: stage,
    kind: 'rating',
    value: { scale: 'thumbs', score: 1 },
    origin: 'user',
  }),
  ev(24, 2, at(12, 30), {
    stage: 'overall',
    target: stage,
    kind: 'rating',
    value: { scale: 'likert5', score: 4 },
    origin: 'user',
  }),
  ev(25, 2, at(12, 40), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 'b2' },
    kind: 'implicit',
    value: {
      signal: 'dwell',
      url: 'https://www.gardeningknowhow.com/edible/vegetables/tomato/tomato-soil-temperature.htm',
      dwellMs: 41000,
    },
    origin: 'implicit',
  }),
  ev(26, 2, at(12, 50), {
    stage: 'answer',
    target: span(TOMATO, 'Soil should be at least 60°F.', 100),
    kind: 'label',
    value: { label: 'repetitive' },
    origin: 'user',
  }),

  ev(27, 3, at(21, 0), {
    stage: 'decomposition',
    target: { type: 'subquery', subqueryId: 'q0' },
    kind: 'label',
    value: { label: 'too_broad' },
    origin: 'user',
  }),
  ev(28, 3, at(21, 10), {
    stage: 'overall',
    target: stage,
    kind: 'rating',
    value: { scale: 'thumbs', score: 1 },
    origin: 'user',
  }),
  ev(29, 3, at(21, 20), {
    stage: 'overall',
    target: stage,
    kind: 'rating',
    value: { scale: 'thumbs', score: -1 },
    origin: 'user',
    supersedes: eventId(28),
  }),
  ev(30, 3, at(21, 30), {
    stage: 'overall',
    target: stage,
    kind: 'rating',
    value: { scale: 'thumbs', score: 1 },
    origin: 'user',
    supersedes: eventId(29),
  }),
  ev(31, 3, at(21, 40), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 'c0' },
    kind: 'label',
    value: { label: 'outdated' },
    origin: 'user',
  }),
  ev(32, 3, at(21, 50), {
    stage: 'retrieval',
    target: stage,
    kind: 'edit',
    value: {
      op: 'add_source',
      before: null,
      after: 'https://www.hsph.harvard.edu/nutritionsource/food-features/coffee/',
    },
    origin: 'user',
  }),
  ev(33, 3, at(22, 0), {
    stage: 'overall',
    target: stage,
    kind: 'comment',
    value: 'Good, but cite the 2024 review.',
    origin: 'user',
  }),

  // "Refine" on trace 2: its rewrite, added sub-query, missing aspect and irrelevant source made the query.
  ev(34, 2, at(13, 0), {
    stage: 'overall',
    target: stage,
    kind: 'refinement',
    value: {
      engine: 'perplexity',
      query: TOMATO_REFINED_QUERY,
      // The address utils/refine/engines.ts builds for the query.
      url: 'https://www.perplexity.ai/search?q=best+time+to+plant+tomatoes+in+zone+6.+Also+cover%3A+minimum+soil+temperature+for+tomatoes%3B+hardening+off+tomato+seedlings%3B+frost+protection+for+early+plantings.+Leave+out+sources+from+extension.umn.edu.',
      feedbackEventIds: [eventId(14), eventId(16), eventId(18), eventId(20)],
    },
    origin: 'user',
  }),
  // Beside the refined answer (trace 5): judged better than the first.
  ev(35, 5, at(14, 0), {
    stage: 'overall',
    target: stage,
    kind: 'comparison',
    value: { refinementId: eventId(34), originalTraceId: traceId(2), verdict: 'better' },
    origin: 'user',
  }),
];

/** Stores the dataset as the product does: traces, then events through the event writer (aggregates too). */
export async function fillDataset(db: StagebackDB): Promise<void> {
  for (const trace of TRACES) TraceSchema.parse(trace);
  for (const event of EVENTS) FeedbackEventSchema.parse(event);
  await db.traces.bulkAdd(TRACES.map((t) => ({ ...t })));
  const writer = createEventWriter(db);
  const result = await writer.write(EVENTS);
  if (result.stored !== EVENTS.length) throw new Error(`dataset: stored ${result.stored} of ${EVENTS.length}`);
}
