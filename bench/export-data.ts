/**
 * Rows for the export benches. `rowsFor` is self-contained (no imports, no outer names) so that it can be handed
 * to `page.evaluate` and generate the same rows inside the browser as in Node.
 *
 * Shapes:
 * - `clustered`: 10 events per answer, an answer's events written right after it was captured (the usual log).
 * - `interleaved`: 100 answers whose events are written round-robin (the dashboard bench's million: each
 *   answer's history is spread over the whole store in primary-key order).
 */
export type Shape = 'clustered' | 'interleaved';

export interface Rows {
  traces: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

/** Events `from` (inclusive) to `to` (exclusive) of a store of `total`, and the traces first referenced there. */
export function rowsFor(shape: Shape, total: number, from: number, to: number): Rows {
  const PER_TRACE = 10;
  const INTERLEAVED_TRACES = 100;
  const ANSWER = 'Most adults need seven or more hours of sleep each night to stay healthy. '.repeat(8);
  const START = Date.UTC(2026, 0, 1);
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  // UUIDv7-shaped: 48 bits of milliseconds first, so ids sort by time.
  const uuid = (ms: number, n: number) =>
    `${hex(ms, 12).replace(/(.{8})(.{4})/, '$1-$2')}-7${hex(n % 4096, 3)}-8${hex(n % 4096, 3)}-${hex(n, 12)}`;
  const traceCount = shape === 'clustered' ? Math.ceil(total / PER_TRACE) : INTERLEAVED_TRACES;
  const traceOfEvent = (n: number) => (shape === 'clustered' ? Math.floor(n / PER_TRACE) : n % INTERLEAVED_TRACES);
  // Clustered: answer t is captured at t minutes, its events follow at 5 s steps. Interleaved: all answers are
  // captured first, then one event every 10 ms.
  const traceMs = (t: number) => START + (shape === 'clustered' ? t * 60_000 : t);
  const eventMs = (n: number) =>
    shape === 'clustered' ? traceMs(traceOfEvent(n)) + 1_000 + (n % PER_TRACE) * 5_000 : START + traceCount + n * 10;
  const traceId = (t: number) => uuid(traceMs(t), t);
  const eventId = (n: number) => uuid(eventMs(n), 1_000_000_000 + n);

  const trace = (t: number) => ({
    id: traceId(t),
    schemaVersion: 1,
    siteId: t % 2 ? 'perplexity' : 'google-ai-overview',
    pageUrl: `https://www.google.com/search?q=question+${t}`,
    query: `question ${t}`,
    capturedAt: new Date(traceMs(t)).toISOString(),
    lang: 'en',
    subqueries: [{ id: 'sq-0', text: `sub-query ${t}`, position: 0, origin: 'site-data' }],
    sources: [0, 1, 2].map((i) => ({
      id: `s${i}`,
      url: `https://example.org/${t}/${i}`,
      title: `Source ${i}`,
      domain: 'example.org',
      position: i,
      citingSentenceIds: ['0'],
    })),
    answer: { text: ANSWER, sentences: [{ id: '0', start: 0, end: 73 }], complete: true },
    availability: { decomposition: 'read', retrieval: 'read', answer: 'read' },
    adapter: { id: 'google-ai-overview', version: '1' },
    contentHash: hex(t, 64),
    firstFeedbackAt: new Date(eventMs(t)).toISOString(),
  });

  // A realistic mix: grades, a superseding grade, span labels, thumbs, corrections, a comment, clicks.
  const event = (n: number): Record<string, unknown> => {
    const i = n % PER_TRACE;
    const common = {
      id: eventId(n),
      schemaVersion: 1,
      traceId: traceId(traceOfEvent(n)),
      createdAt: new Date(eventMs(n)).toISOString(),
      origin: 'user',
    };
    switch (i) {
      case 0:
      case 1:
        return {
          ...common,
          stage: 'retrieval',
          target: { type: 'source', sourceId: `s${i}` },
          kind: 'relevance',
          value: 2,
        };
      case 2:
        return {
          ...common,
          stage: 'retrieval',
          target: { type: 'source', sourceId: 's0' },
          kind: 'relevance',
          value: 3,
          supersedes: eventId(n - 2),
        };
      case 3:
      case 4: {
        const start = 17 + i;
        return {
          ...common,
          stage: 'answer',
          target: {
            type: 'span',
            quote: {
              type: 'TextQuoteSelector',
              exact: ANSWER.slice(start, start + 10),
              prefix: ANSWER.slice(0, start),
              suffix: ANSWER.slice(start + 10, start + 42),
            },
            position: { type: 'TextPositionSelector', start, end: start + 10 },
          },
          kind: 'label',
          value: { label: 'incorrect' },
        };
      }
      case 5:
        return {
          ...common,
          stage: 'overall',
          target: { type: 'stage' },
          kind: 'rating',
          value: { scale: 'thumbs', score: -1 },
        };
      case 6:
        return {
          ...common,
          stage: 'answer',
          target: { type: 'stage' },
          kind: 'edit',
          value: { op: 'correct_answer', before: null, after: 'Adults need seven hours.' },
        };
      case 7:
        return {
          ...common,
          stage: 'overall',
          target: { type: 'stage' },
          kind: 'comment',
          value: 'Too long, and the second source is outdated.',
        };
      case 8:
        return {
          ...common,
          stage: 'decomposition',
          target: { type: 'stage' },
          kind: 'edit',
          value: { op: 'add', before: null, after: 'naps' },
        };
      default:
        return {
          ...common,
          origin: 'implicit',
          stage: 'retrieval',
          target: { type: 'source', sourceId: 's1' },
          kind: 'implicit',
          value: { signal: 'source_click', position: 1 },
        };
    }
  };

  const traces: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  for (let n = from; n < to; n++) {
    const t = traceOfEvent(n);
    const first = shape === 'clustered' ? t * PER_TRACE : t;
    if (n === first) traces.push(trace(t));
    events.push(event(n));
  }
  return { traces, events };
}
