/**
 * Export throughput and memory in Node: the formatters and the driver over an in-memory source that generates
 * 1,000,000 events lazily (fake-indexeddb would measure itself, not us). Not the browser: IndexedDB reads
 * are not in these figures.
 */
import { EXPORT_FORMATS } from '../storage/exports/registry';
import { exportFrom } from '../storage/exports/run-export';
import type { ExportSink } from '../storage/exports/sink';
import type { ExportSource, TraceHistory } from '../storage/exports/source';
import type { FeedbackEvent, Trace } from '../storage/schema';
import type { Figure } from './report';

const EVENTS = 1_000_000;
const PER_TRACE = 10;
const ANSWER = 'Most adults need seven or more hours of sleep each night to stay healthy. '.repeat(8);

const hex = (n: number, width = 12) => n.toString(16).padStart(width, '0');
const traceIdOf = (t: number) => `0193a000-0001-7000-8000-${hex(t)}`;

function traceOf(t: number): Trace {
  return {
    id: traceIdOf(t),
    schemaVersion: 1,
    siteId: 'google-ai-overview',
    pageUrl: `https://www.google.com/search?q=question+${t}`,
    query: `question ${t}`,
    capturedAt: '2026-11-26T20:00:00.000Z',
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
  };
}

/** A realistic mix: grades, a superseding grade, span labels, thumbs, a correction, a comment, clicks. */
function eventOf(t: number, i: number): FeedbackEvent {
  const common = {
    id: `0193a000-0002-7000-8000-${hex(t * PER_TRACE + i)}`,
    schemaVersion: 1 as const,
    traceId: traceIdOf(t),
    createdAt: `2026-11-26T20:00:${String(i).padStart(2, '0')}.000Z`,
    origin: 'user' as const,
  };
  switch (i % 10) {
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
        supersedes: `0193a000-0002-7000-8000-${hex(t * PER_TRACE)}`,
      };
    case 3:
    case 4: {
      const start = 17 + i;
      const position = { type: 'TextPositionSelector' as const, start, end: start + 10 };
      const quote = {
        type: 'TextQuoteSelector' as const,
        exact: ANSWER.slice(start, start + 10),
        prefix: ANSWER.slice(0, start),
        suffix: ANSWER.slice(start + 10, start + 42),
      };
      return {
        ...common,
        stage: 'answer',
        target: { type: 'span', quote, position },
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
}

function* histories(): Generator<TraceHistory> {
  for (let t = 0; t < EVENTS / PER_TRACE; t++) {
    yield { trace: traceOf(t), events: Array.from({ length: PER_TRACE }, (_, i) => eventOf(t, i)) };
  }
}

const source: ExportSource = {
  countEvents: async () => EVENTS,
  async *histories() {
    yield* histories();
  },
};

/** Counts what it is given and keeps nothing, like a file stream that has written it out. */
function countingSink(): ExportSink & { chars: number } {
  const sink = {
    chars: 0,
    write: (chunk: string) => {
      sink.chars += chunk.length;
    },
    close: () => {},
  };
  return sink;
}

const heapMb = () => process.memoryUsage().heapUsed / 1_048_576;
const gc = (globalThis as { gc?: () => void }).gc;

async function measure(run: (sample: () => void) => Promise<void>): Promise<{ ms: number; heapGrowthMb: number }> {
  gc?.();
  const before = heapMb();
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, heapMb());
  };
  const t0 = performance.now();
  await run(sample);
  return { ms: performance.now() - t0, heapGrowthMb: peak - before };
}

/** The baseline: JSON.stringify of the same events from the same generator to the same sink, same chunking. */
async function baseline(sample: () => void): Promise<void> {
  const sink = countingSink();
  let buffer = '';
  let n = 0;
  for await (const { events } of source.histories()) {
    for (const e of events) buffer += `${JSON.stringify(e)}\n`;
    n += events.length;
    if (buffer.length >= 64 * 1024) {
      sink.write(buffer);
      buffer = '';
    }
    if (n % 5_000 === 0) sample();
  }
  sink.write(buffer);
}

export async function benchExport(): Promise<Figure[]> {
  const base = await measure(baseline);
  const figures: Figure[] = [];
  const note = `${gc ? 'heap after gc' : 'heap without --expose-gc: includes garbage not yet collected'}; ${EVENTS / PER_TRACE} traces`;
  for (const format of EXPORT_FORMATS) {
    const sink = countingSink();
    const run = await measure(async (sample) => {
      const result = await exportFrom(source, format, { sink, onProgress: sample });
      if (result.events !== EVENTS) throw new Error(`${format.id}: read ${result.events} events`);
    });
    figures.push({
      name: `export ${EVENTS.toLocaleString('en-US')} events as ${format.id} — in Node, formatter + driver throughput, not the browser`,
      value: Math.round(run.ms),
      unit: 'ms',
      baseline: { name: 'JSON.stringify of the same events to the same sink', value: Math.round(base.ms) },
      target: { max: 20_000 },
      note: `${(sink.chars / 1_048_576).toFixed(0)} MB written`,
    });
    figures.push({
      name: `peak heap growth while exporting ${format.id} (in Node)`,
      value: Number(run.heapGrowthMb.toFixed(1)),
      unit: 'MB',
      baseline: {
        name: 'same for the JSON.stringify baseline',
        value: Number(Math.max(base.heapGrowthMb, 0.1).toFixed(1)),
      },
      note,
    });
  }
  return figures;
}
