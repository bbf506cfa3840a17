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
import { rowsFor } from './export-data';
import type { Figure } from './report';

const EVENTS = 1_000_000;
const PER_TRACE = 10;

/**
 * The clustered rows of the browser bench (`rowsFor` in export-data.ts: the same traces and event mix), a page of
 * answers at a time, grouped per answer as the store's source yields them.
 */
function* histories(): Generator<TraceHistory> {
  const page = PER_TRACE * 1_000;
  for (let from = 0; from < EVENTS; from += page) {
    const rows = rowsFor('clustered', EVENTS, from, Math.min(from + page, EVENTS));
    const byTrace = new Map<string, FeedbackEvent[]>();
    for (const event of rows.events as FeedbackEvent[]) {
      const list = byTrace.get(event.traceId) ?? [];
      list.push(event);
      byTrace.set(event.traceId, list);
    }
    for (const trace of rows.traces as Trace[]) yield { trace, events: byTrace.get(trace.id) ?? [] };
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
