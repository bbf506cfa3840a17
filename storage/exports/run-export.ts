import type { StagebackDB } from '../db';
import { type ExportFilter, hasEventCriteria, hasTraceCriteria, matchesEvent, matchesTrace } from './filter';
import { type ExportFormat, type FormatOptionValues, resolveOptions } from './format';
import { latestState } from './latest-state';
import { noRedaction, type Redact } from './redaction';
import { exportFormat } from './registry';
import type { ExportSink } from './sink';
import { dexieSource, type ExportSource } from './source';

export interface ExportProgress {
  /** Events read so far, of `total` (all stored events: a filter does not make reading faster). */
  done: number;
  total: number;
}

export interface ExportOptions {
  sink: ExportSink;
  filter?: ExportFilter;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  redact?: Redact;
  /** Fixed in tests; defaults to now. */
  exportedAt?: string;
  /** Values for the format's own options (`FormatDescriptor.options`); missing ones take their default. */
  formatOptions?: FormatOptionValues;
}

export interface ExportResult {
  status: 'done' | 'cancelled';
  /** Traces that contributed to the output, and events read. */
  traces: number;
  events: number;
  /** Characters written (UTF-16 code units). */
  chars: number;
}

/** Chunks handed to the sink are about this long: fewer, larger writes. */
const FLUSH_AT = 64 * 1024;
const PROGRESS_EVERY = 5_000;

export async function runExport(db: StagebackDB, formatId: string, options: ExportOptions): Promise<ExportResult> {
  const format = exportFormat(formatId);
  if (!format) throw new Error(`unknown export format "${formatId}"`);
  return exportFrom(dexieSource(db), format, options);
}

/** The driver, over any source: reads trace histories, filters, formats, buffers, writes, reports, stops. */
export async function exportFrom(
  source: ExportSource,
  format: ExportFormat,
  options: ExportOptions,
): Promise<ExportResult> {
  const { sink, signal, onProgress } = options;
  const filter = options.filter ?? {};
  const eventCriteria = hasEventCriteria(filter);
  const formatter = format.create({
    redact: options.redact ?? noRedaction,
    exportedAt: options.exportedAt ?? new Date().toISOString(),
    options: resolveOptions(format, options.formatOptions),
  });
  const total = await source.countEvents();
  const result: ExportResult = { status: 'done', traces: 0, events: 0, chars: 0 };
  let buffer = '';
  const flush = async () => {
    if (buffer.length === 0) return;
    result.chars += buffer.length;
    const chunk = buffer;
    buffer = '';
    await sink.write(chunk);
  };
  let reported = 0;
  const progress = () => {
    if (result.events - reported < PROGRESS_EVERY) return;
    reported = result.events;
    onProgress?.({ done: reported, total });
  };
  // An unfiltered log is written in the store's key order: every trace, then every event. Grouping events by
  // trace means reading them through the [traceId+createdAt] index, whose rows lie scattered on disk when
  // answers are labelled over time; that read alone is slower than the target (docs/exports.md).
  const inKeyOrder =
    format.reads === 'history' && formatter.event && source.rows && !eventCriteria && !hasTraceCriteria(filter);
  try {
    buffer += formatter.start();
    if (inKeyOrder && formatter.event && source.rows) {
      const eventText = formatter.event;
      // Answers are captured with ever later ids (UUIDv7): an event whose trace sorts after the last one written
      // belongs to an answer captured while the export ran, and is left out with it.
      let lastTrace = '';
      for await (const page of source.rows()) {
        if (signal?.aborted) break;
        if (page.traces) {
          for (const trace of page.traces) buffer += formatter.trace({ trace, events: [] });
          result.traces += page.traces.length;
          lastTrace = page.traces[page.traces.length - 1]?.id ?? lastTrace;
        } else {
          for (const event of page.events) {
            if (event.traceId > lastTrace) continue;
            buffer += eventText(event);
            result.events++;
            progress();
            if (buffer.length >= FLUSH_AT) await flush();
          }
        }
        if (buffer.length >= FLUSH_AT) await flush();
      }
    }
    for await (const { trace, events: history } of inKeyOrder ? [] : source.histories()) {
      if (signal?.aborted) break;
      result.events += history.length;
      if (result.events - reported >= PROGRESS_EVERY) {
        reported = result.events;
        onProgress?.({ done: reported, total });
      }
      if (!matchesTrace(trace, filter)) continue;
      const state = format.reads === 'history' ? history : latestState(history);
      const events = eventCriteria ? state.filter((e) => matchesEvent(e, trace, filter)) : state;
      // The log keeps traces nobody labelled (a backup); other formats only carry feedback.
      const wanted = format.reads === 'history' ? !eventCriteria || events.length > 0 : events.length > 0;
      if (!wanted) continue;
      const refinedFrom = trace.refinedFrom ? await source.refinedFrom?.(trace) : undefined;
      const text = formatter.trace(refinedFrom ? { trace, events, refinedFrom } : { trace, events });
      if (text.length === 0) continue;
      result.traces++;
      buffer += text;
      if (buffer.length >= FLUSH_AT) await flush();
    }
    if (signal?.aborted) {
      result.status = 'cancelled';
      await sink.abort?.(signal.reason);
      return result;
    }
    buffer += formatter.end();
    await flush();
    await sink.close();
    onProgress?.({ done: result.events, total });
    return result;
  } catch (error) {
    await sink.abort?.(error);
    throw error;
  }
}
