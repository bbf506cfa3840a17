import type { z } from 'zod';
import { addToAggregates } from '../aggregates';
import type { StagebackDB } from '../db';
import { LOG_FORMAT_NAME } from '../exports/formats/jsonl';
import { type FeedbackEvent, FeedbackEventSchema, SCHEMA_VERSION, type Trace, TraceSchema } from '../schema';
import { addToShadowProfile } from '../shadow-profile';
import { contentHash } from '../trace-store';
import { LineTooLongError, MAX_LINE_LENGTH, readLines } from './read-lines';

export const MAX_REPORTED_ISSUES = 10;

/**
 * What is wrong with one line, as data: the log page puts it in the user's words (components/log/import-words.ts);
 * `lineProblemInEnglish` writes it for Node tools, tests and developer errors. Values are shown as they are.
 */
export type LineProblem =
  /** `detail`: the JSON parser's own reason. */
  | { kind: 'notJson'; detail: string }
  /** A field the stored schema refuses: `field` its path (`event.value`), `detail` the schema's reason, `more` other problems. */
  | { kind: 'schema'; field: string; detail: string; more: number }
  | { kind: 'contentHash' }
  /** `type`: the record type found, written as JSON. */
  | { kind: 'unknownType'; type: string }
  | { kind: 'tooLong' }
  /** The same trace id on an earlier line with another query; the queries quoted (and shortened). */
  | { kind: 'sameTraceQuery'; id: string; line: number; query: string; earlier: string }
  | { kind: 'sameId'; record: 'trace' | 'event'; id: string; line: number }
  | { kind: 'orphan'; traceId: string };

/** What is wrong with the file as a whole, as data (see LineProblem). */
export type FileProblem =
  | { kind: 'headerNotJson' }
  /** `format`: the name a log's header line carries. */
  | { kind: 'notHeader'; format: string }
  /** `found`: the header's schemaVersion, written as JSON; `reads`: the one this version reads. */
  | { kind: 'schemaVersion'; found: string; reads: number }
  | { kind: 'firstLineTooLong'; line: number }
  | { kind: 'lineTooLong'; line: number }
  | { kind: 'empty' }
  | { kind: 'badLines'; count: number }
  | { kind: 'conflicts'; count: number }
  | { kind: 'orphans'; count: number };

const englishNumber = (n: number) => n.toLocaleString('en-US');
const TOO_LONG = `longer than 8 MiB (${englishNumber(MAX_LINE_LENGTH)} characters), more than any Stageback record`;

/** A line's problem in English (Node tools, tests); the log page words it with the same sentences as messages. */
export function lineProblemInEnglish(problem: LineProblem): string {
  switch (problem.kind) {
    case 'notJson':
      return `not JSON (${problem.detail})`;
    case 'schema':
      return `${problem.field}: ${problem.detail}${problem.more > 0 ? ` (and ${englishNumber(problem.more)} more)` : ''}`;
    case 'contentHash':
      return "trace.contentHash: does not match the trace's site, query and answer text";
    case 'unknownType':
      return `unknown record type ${problem.type} (expected "trace" or "event")`;
    case 'tooLong':
      return `is ${TOO_LONG}`;
    case 'sameTraceQuery':
      return `trace ${problem.id} is also on line ${problem.line}, with another query (${problem.query}, there ${problem.earlier})`;
    case 'sameId':
      return `${problem.record} ${problem.id} is also on line ${problem.line}, with other content`;
    case 'orphan':
      return `event's trace ${problem.traceId} is neither in the file nor stored`;
  }
}

/** The file's problem in English (Node tools, tests); the log page words it with the same sentences as messages. */
export function fileProblemInEnglish(problem: FileProblem): string {
  switch (problem.kind) {
    case 'headerNotJson':
      return 'This is not a Stageback log: its first line is not JSON.';
    case 'notHeader':
      return `This is not a Stageback log: its first line is not the header {"format":"${problem.format}",…}.`;
    case 'schemaVersion':
      return `This log has schemaVersion ${problem.found}; this version of Stageback reads ${problem.reads}.`;
    case 'firstLineTooLong':
      return `This is not a Stageback log: its line ${problem.line} is ${TOO_LONG}.`;
    case 'lineTooLong':
      return `Line ${problem.line} of this file is longer than 8 MiB, more than any Stageback record; reading stopped there and nothing was imported.`;
    case 'empty':
      return 'This file is empty: a Stageback log starts with its header line.';
    case 'badLines':
      return problem.count === 1
        ? '1 line of this Stageback log is not valid; nothing was imported.'
        : `${englishNumber(problem.count)} lines of this Stageback log are not valid; nothing was imported.`;
    case 'conflicts':
      return problem.count === 1
        ? '1 line of this Stageback log conflicts with an earlier line: the same id with other content. Nothing was imported.'
        : `${englishNumber(problem.count)} lines of this Stageback log conflict with an earlier line: the same id with other content. Nothing was imported.`;
    case 'orphans':
      return problem.count === 1
        ? '1 event belongs to no known trace; nothing was imported.'
        : `${englishNumber(problem.count)} events belong to no known trace; nothing was imported.`;
  }
}

export interface LineIssue {
  line: number;
  /** The problem in English (`lineProblemInEnglish`). */
  message: string;
  problem: LineProblem;
}

const lineIssue = (line: number, problem: LineProblem): LineIssue => ({
  line,
  message: lineProblemInEnglish(problem),
  problem,
});

export interface ImportError {
  /**
   * `foreign`: not a Stageback log at all; `invalid`: a Stageback log with bad lines; `conflict`: valid lines
   * that repeat an id of an earlier line with other content (which one is right cannot be told).
   */
  kind: 'foreign' | 'invalid' | 'conflict';
  /** The problem in English (`fileProblemInEnglish`), for Node tools and developer errors. */
  message: string;
  problem: FileProblem;
  /** The first bad lines (at most MAX_REPORTED_ISSUES), in file order. */
  issues: LineIssue[];
  badLines: number;
}

export interface ParsedLog {
  exportedAt: string;
  traces: Trace[];
  events: FeedbackEvent[];
  /** The line each event was read from, for error messages. */
  eventLines: number[];
  /** Lines that repeat an earlier line's record word for word (`of`): counted once. */
  repeats: { line: number; of: number }[];
}

export interface ImportCounts {
  traces: { add: number; skip: number };
  events: { add: number; skip: number };
}

export type ParseResult = { ok: true; parsed: ParsedLog } | { ok: false; error: ImportError };
export type ImportPreview = ({ ok: true; parsed: ParsedLog } & ImportCounts) | { ok: false; error: ImportError };

const importError = (
  kind: ImportError['kind'],
  problem: FileProblem,
  issues: LineIssue[] = [],
  badLines = 0,
): ImportError => ({ kind, message: fileProblemInEnglish(problem), problem, issues, badLines });

const foreign = (problem: FileProblem): ParseResult => ({ ok: false, error: importError('foreign', problem) });

/** The log page refused to write a previewed log (see `applyImport`); `error` says why, as data. */
export class ImportRefusedError extends Error {
  constructor(readonly error: ImportError) {
    super(error.message);
    this.name = 'ImportRefusedError';
  }
}

function zodProblem(prefix: string, error: z.ZodError): LineProblem {
  const issue = error.issues[0];
  if (!issue) return { kind: 'schema', field: prefix, detail: 'invalid', more: 0 };
  const field = [prefix, ...issue.path.map(String)].join('.');
  return { kind: 'schema', field, detail: issue.message, more: error.issues.length - 1 };
}

function checkHeader(text: string): FileProblem | undefined {
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    return { kind: 'headerNotJson' };
  }
  if (typeof header !== 'object' || header === null || (header as { format?: unknown }).format !== LOG_FORMAT_NAME) {
    return { kind: 'notHeader', format: LOG_FORMAT_NAME };
  }
  const version = (header as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    return { kind: 'schemaVersion', found: String(JSON.stringify(version)), reads: SCHEMA_VERSION };
  }
  return undefined;
}

/** Gives the page a turn every so often: a big file is read in many short tasks, not one long one. */
const YIELD_EVERY_MS = 40;
const nextTask = () =>
  new Promise<void>((resolve) => {
    if (typeof MessageChannel === 'undefined') return void setTimeout(resolve, 0);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

const quoted = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** A record without what may differ between two exports of the same record: a trace's `firstFeedbackAt`. */
function identity(record: Trace | FeedbackEvent): string {
  if ('contentHash' in record) {
    const { firstFeedbackAt: _, ...rest } = record;
    return JSON.stringify(rest);
  }
  return JSON.stringify(record);
}

/** Reads and validates every line with the stored schemas; nothing touches the database. */
export async function parseLog(input: string | ReadableStream<Uint8Array | string>): Promise<ParseResult> {
  const traces = new Map<string, { trace: Trace; line: number; identity: string }>();
  const events = new Map<string, { event: FeedbackEvent; line: number; identity: string }>();
  const repeats: { line: number; of: number }[] = [];
  const issues: LineIssue[] = [];
  const conflicts: LineIssue[] = [];
  let badLines = 0;
  let conflictLines = 0;
  let exportedAt: string | undefined;
  const bad = (line: number, problem: LineProblem) => {
    badLines++;
    if (issues.length < MAX_REPORTED_ISSUES) issues.push(lineIssue(line, problem));
  };
  const conflict = (line: number, problem: LineProblem) => {
    conflictLines++;
    if (conflicts.length < MAX_REPORTED_ISSUES) conflicts.push(lineIssue(line, problem));
  };
  let turnAt = Date.now();
  try {
    for await (const { number, text } of readLines(input)) {
      if (Date.now() - turnAt > YIELD_EVERY_MS) {
        await nextTask();
        turnAt = Date.now();
      }
      if (text.trim() === '') continue;
      if (exportedAt === undefined) {
        const problem = checkHeader(text.replace(/^\uFEFF/, ''));
        if (problem) return foreign(problem);
        exportedAt = String((JSON.parse(text.replace(/^\uFEFF/, '')) as { exportedAt?: unknown }).exportedAt ?? '');
        continue;
      }
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        bad(number, { kind: 'notJson', detail: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const type = (record as { type?: unknown } | null)?.type;
      if (type === 'trace') {
        const parsed = TraceSchema.safeParse((record as { trace?: unknown }).trace);
        if (!parsed.success) {
          bad(number, zodProblem('trace', parsed.error));
          continue;
        }
        const trace = parsed.data;
        // Capture finds a stored answer by this hash: a hash the content does not give would take over the
        // feedback later given on another answer.
        if ((await contentHash(trace)) !== trace.contentHash) {
          bad(number, { kind: 'contentHash' });
          continue;
        }
        const seen = traces.get(trace.id);
        const id = identity(trace);
        if (!seen) traces.set(trace.id, { trace, line: number, identity: id });
        else if (seen.identity === id) {
          repeats.push({ line: number, of: seen.line });
          const at = [seen.trace.firstFeedbackAt, trace.firstFeedbackAt].filter((t) => t !== undefined).sort()[0];
          if (at) seen.trace.firstFeedbackAt = at;
        } else if (seen.trace.query !== trace.query) {
          conflict(number, {
            kind: 'sameTraceQuery',
            id: trace.id,
            line: seen.line,
            query: quoted(trace.query),
            earlier: quoted(seen.trace.query),
          });
        } else {
          conflict(number, { kind: 'sameId', record: 'trace', id: trace.id, line: seen.line });
        }
      } else if (type === 'event') {
        const parsed = FeedbackEventSchema.safeParse((record as { event?: unknown }).event);
        if (!parsed.success) {
          bad(number, zodProblem('event', parsed.error));
          continue;
        }
        const event = parsed.data;
        const seen = events.get(event.id);
        const id = identity(event);
        if (!seen) events.set(event.id, { event, line: number, identity: id });
        else if (seen.identity === id) repeats.push({ line: number, of: seen.line });
        else conflict(number, { kind: 'sameId', record: 'event', id: event.id, line: seen.line });
      } else {
        bad(number, { kind: 'unknownType', type: String(JSON.stringify(type)) });
      }
    }
  } catch (error) {
    if (!(error instanceof LineTooLongError)) throw error;
    if (exportedAt === undefined) return foreign({ kind: 'firstLineTooLong', line: error.line });
    const issue = lineIssue(error.line, { kind: 'tooLong' });
    return { ok: false, error: importError('invalid', { kind: 'lineTooLong', line: error.line }, [issue], 1) };
  }
  if (exportedAt === undefined) return foreign({ kind: 'empty' });
  if (badLines > 0) {
    return { ok: false, error: importError('invalid', { kind: 'badLines', count: badLines }, issues, badLines) };
  }
  if (conflictLines > 0) {
    return {
      ok: false,
      error: importError('conflict', { kind: 'conflicts', count: conflictLines }, conflicts, conflictLines),
    };
  }
  const kept = [...events.values()];
  return {
    ok: true,
    parsed: {
      exportedAt,
      traces: [...traces.values()].map((t) => t.trace),
      events: kept.map((e) => e.event),
      eventLines: kept.map((e) => e.line),
      repeats,
    },
  };
}

interface ImportPlan extends ImportCounts {
  newTraces: Trace[];
  newEvents: FeedbackEvent[];
  /** Every trace a new event can belong to (stored or new), for the aggregate counters. */
  traceById: Map<string, Trace>;
  /** File trace id → stored trace id, for a trace stored under another id with the same content. */
  remap: Map<string, string>;
}

/**
 * What an import would add. A trace already stored under its id, or under another id with the same content
 * (the same answer captured on two devices), is skipped, and the file's events for it go to the stored one.
 */
async function planImport(db: StagebackDB, parsed: ParsedLog): Promise<ImportPlan> {
  const traceIds = [...new Set([...parsed.traces.map((t) => t.id), ...parsed.events.map((e) => e.traceId)])];
  const stored = (await db.traces.bulkGet(traceIds)).filter((t) => t !== undefined);
  const traceById = new Map(stored.map((t) => [t.id, t]));
  const storedByHash = new Map(
    (
      await db.traces
        .where('contentHash')
        .anyOf(parsed.traces.map((t) => t.contentHash))
        .toArray()
    ).map((t) => [t.contentHash, t]),
  );
  const remap = new Map<string, string>();
  const newTraces: Trace[] = [];
  let skippedTraces = 0;
  for (const trace of parsed.traces) {
    const same = traceById.get(trace.id) ?? storedByHash.get(trace.contentHash);
    if (same) {
      skippedTraces++;
      traceById.set(same.id, same);
      if (same.id !== trace.id) remap.set(trace.id, same.id);
      continue;
    }
    const copy = { ...trace };
    newTraces.push(copy);
    traceById.set(copy.id, copy);
    storedByHash.set(copy.contentHash, copy);
  }

  const storedEventIds = new Set(
    (await db.events.bulkGet(parsed.events.map((e) => e.id))).filter((e) => e !== undefined).map((e) => e.id),
  );
  const newEvents: FeedbackEvent[] = [];
  const seen = new Set<string>();
  for (const event of parsed.events) {
    if (storedEventIds.has(event.id) || seen.has(event.id)) continue;
    seen.add(event.id);
    const traceId = remap.get(event.traceId) ?? event.traceId;
    newEvents.push(traceId === event.traceId ? event : { ...event, traceId });
  }
  return {
    newTraces,
    newEvents,
    traceById,
    remap,
    traces: { add: newTraces.length, skip: skippedTraces },
    events: { add: newEvents.length, skip: parsed.events.length - newEvents.length },
  };
}

/** Events whose trace is neither in the file nor stored: the store never keeps such an event. */
function orphanIssues(parsed: ParsedLog, plan: ImportPlan): ImportError | undefined {
  const issues: LineIssue[] = [];
  let badLines = 0;
  for (const [i, e] of parsed.events.entries()) {
    if (plan.traceById.has(e.traceId) || plan.remap.has(e.traceId)) continue;
    badLines++;
    if (issues.length < MAX_REPORTED_ISSUES) {
      issues.push(lineIssue(parsed.eventLines[i] ?? 0, { kind: 'orphan', traceId: e.traceId }));
    }
  }
  if (badLines === 0) return undefined;
  return importError('invalid', { kind: 'orphans', count: badLines }, issues, badLines);
}

/** Validates the file and counts what would be added and skipped; changes nothing. */
export async function previewImport(
  db: StagebackDB,
  input: string | ReadableStream<Uint8Array | string>,
): Promise<ImportPreview> {
  const result = await parseLog(input);
  if (!result.ok) return result;
  const plan = await planImport(db, result.parsed);
  const orphans = orphanIssues(result.parsed, plan);
  if (orphans) return { ok: false, error: orphans };
  return { ok: true, parsed: result.parsed, traces: plan.traces, events: plan.events };
}

/**
 * Writes a previewed log in one transaction: traces, events, `firstFeedbackAt` and the aggregate counters, as
 * the event writer would have. Ids already stored are skipped (checked again inside the transaction); any
 * failure rolls everything back.
 */
export async function applyImport(db: StagebackDB, parsed: ParsedLog): Promise<ImportCounts> {
  return db.transaction('rw', [db.traces, db.events, db.aggregates, db.shadowProfile], async () => {
    const plan = await planImport(db, parsed);
    const orphans = orphanIssues(parsed, plan);
    if (orphans) throw new ImportRefusedError(orphans);

    const newTraceIds = new Set(plan.newTraces.map((t) => t.id));
    const firstNewEvent = new Map<string, string>();
    for (const e of plan.newEvents) {
      const seen = firstNewEvent.get(e.traceId);
      if (!seen || e.createdAt < seen) firstNewEvent.set(e.traceId, e.createdAt);
    }
    const newlyReviewed: { id: string; firstFeedbackAt: string }[] = [];
    for (const trace of plan.newTraces) {
      const first = firstNewEvent.get(trace.id);
      const at = [trace.firstFeedbackAt, first].filter((t) => t !== undefined).sort()[0];
      if (at) {
        trace.firstFeedbackAt = at;
        newlyReviewed.push({ id: trace.id, firstFeedbackAt: at });
      }
    }
    const storedReviewed: { id: string; firstFeedbackAt: string }[] = [];
    for (const [traceId, at] of firstNewEvent) {
      const trace = plan.traceById.get(traceId);
      if (!trace || newTraceIds.has(traceId) || trace.firstFeedbackAt) continue;
      storedReviewed.push({ id: traceId, firstFeedbackAt: at });
    }

    await db.traces.bulkAdd(plan.newTraces);
    await db.events.bulkAdd(plan.newEvents);
    for (const t of storedReviewed) await db.traces.update(t.id, { firstFeedbackAt: t.firstFeedbackAt });
    await addToAggregates(db, plan.newEvents, (id) => plan.traceById.get(id)?.siteId, [
      ...newlyReviewed,
      ...storedReviewed,
    ]);
    await addToShadowProfile(db, {
      events: [...plan.newEvents].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)),
      traceOf: (id) => plan.traceById.get(id),
    });
    return { traces: plan.traces, events: plan.events };
  });
}
