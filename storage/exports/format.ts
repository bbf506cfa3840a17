import type { FeedbackEvent, Trace } from '../schema';
import type { Redact } from './redaction';

/** What the export menu shows; one per file under `formats/`. */
export interface FormatDescriptor {
  id: string;
  label: string;
  fileExtension: string;
  mimeType: string;
  description: string;
  /**
   * `history`: every event, superseded and retracted ones included (the canonical log).
   * `latest`: only the effective state of each trace (see latest-state.ts).
   */
  reads: 'history' | 'latest';
}

export interface ExportContext {
  redact: Redact;
  /** ISO timestamp written into headers, fixed per export (and in tests). */
  exportedAt: string;
}

/** One trace as a formatter sees it: `events` is its history or its latest state (per `reads`), filtered. */
export interface TraceRecord {
  trace: Trace;
  events: readonly FeedbackEvent[];
}

/**
 * Turns traces into output text, one trace at a time, so no export holds more than one trace's events.
 * Pure: no I/O, state only in the closure `create` returns (e.g. "is this the first array item").
 */
export interface TraceFormatter {
  start(): string;
  /** Text for one trace, possibly empty (nothing in it this format can use). */
  trace(record: TraceRecord): string;
  /**
   * Offered by a `history` format whose every event stands on its own line, needing nothing of its trace: the
   * text of one event. An unfiltered export of such a format is then written in the store's key order
   * (`trace({ trace, events: [] })` for every trace, then `event` for every event; see run-export.ts).
   */
  event?(event: FeedbackEvent): string;
  end(): string;
}

export interface ExportFormat extends FormatDescriptor {
  create(context: ExportContext): TraceFormatter;
}
