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
  /**
   * The output is several files framed with `filePart` (bundle.ts); the log page saves them as one zip
   * (`fileExtension` `zip`). Unset: the output is the file itself.
   */
  bundle?: boolean;
  /** A folder of data files and a card, delivered as one zip by its own driver (dataset-folder/) rather than a TraceFormatter. */
  folder?: true;
  /** Choices the export panel offers for this format, each with its default. */
  options?: readonly FormatOption[];
}

/** A yes/no choice (a checkbox) or one of a few values (a menu), in words for someone who never read the docs. */
export type FormatOption =
  | { id: string; type: 'boolean'; label: string; hint?: string; default: boolean }
  | {
      id: string;
      type: 'choice';
      label: string;
      hint?: string;
      default: string;
      choices: readonly { value: string; label: string }[];
    };

export type FormatOptionValues = Readonly<Record<string, boolean | string>>;

/** The format's defaults overlaid with the values given for its own options; anything else is ignored. */
export function resolveOptions(descriptor: FormatDescriptor, given: FormatOptionValues = {}): FormatOptionValues {
  const out: Record<string, boolean | string> = {};
  for (const option of descriptor.options ?? []) {
    const value = given[option.id];
    if (option.type === 'boolean') out[option.id] = typeof value === 'boolean' ? value : option.default;
    else out[option.id] = option.choices.some((c) => c.value === value) ? (value as string) : option.default;
  }
  return out;
}

export interface ExportContext {
  redact: Redact;
  /** ISO timestamp written into headers, fixed per export (and in tests). */
  exportedAt: string;
  /** The format's options, defaults filled in (see `resolveOptions`). */
  options: FormatOptionValues;
}

/** One trace as a formatter sees it: `events` is its history or its latest state (per `reads`), filtered. */
export interface TraceRecord {
  trace: Trace;
  events: readonly FeedbackEvent[];
  /** For an answer read after "Refine": the answer it refines (and the refinement event), when still stored. */
  refinedFrom?: { original: Trace; refinement: Extract<FeedbackEvent, { kind: 'refinement' }> | undefined };
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
