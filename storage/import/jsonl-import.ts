import type { z } from 'zod';
import { addToAggregates } from '../aggregates';
import type { StagebackDB } from '../db';
import { LOG_FORMAT_NAME } from '../exports/formats/jsonl';
import { type FeedbackEvent, FeedbackEventSchema, SCHEMA_VERSION, type Trace, TraceSchema } from '../schema';
import { readLines } from './read-lines';

export const MAX_REPORTED_ISSUES = 10;

export interface LineIssue {
  line: number;
  message: string;
}

export interface ImportError {
  /** `foreign`: not a Stageback log at all; `invalid`: a Stageback log with bad lines. */
  kind: 'foreign' | 'invalid';
  message: string;
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
}

export interface ImportCounts {
  traces: { add: number; skip: number };
  events: { add: number; skip: number };
}

export type ParseResult = { ok: true; parsed: ParsedLog } | { ok: false; error: ImportError };
export type ImportPreview = ({ ok: true; parsed: ParsedLog } & ImportCounts) | { ok: false; error: ImportError };

const foreign = (message: string): ParseResult => ({
  ok: false,
  error: { kind: 'foreign', message, issues: [], badLines: 0 },
});

function describeZodError(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix}: invalid`;
  const path = [prefix, ...issue.path.map(String)].join('.');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path}: ${issue.message}${more}`;
}

function checkHeader(text: string): string | undefined {
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    return 'This is not a Stageback log: its first line is not JSON.';
  }
  if (typeof header !== 'object' || header === null || (header as { format?: unknown }).format !== LOG_FORMAT_NAME) {
    return `This is not a Stageback log: its first line is not the header {"format":"${LOG_FORMAT_NAME}",…}.`;
  }
  const version = (header as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    return `This log has schemaVersion ${JSON.stringify(version)}; this version of Stageback reads ${SCHEMA_VERSION}.`;
  }
  return undefined;
}

/** Reads and validates every line with the stored schemas; nothing touches the database. */
export async function parseLog(input: string | ReadableStream<Uint8Array | string>): Promise<ParseResult> {
  const traces: Trace[] = [];
  const events: { event: FeedbackEvent; line: number }[] = [];
  const issues: LineIssue[] = [];
  let badLines = 0;
  let exportedAt: string | undefined;
  const bad = (line: number, message: string) => {
    badLines++;
    if (issues.length < MAX_REPORTED_ISSUES) issues.push({ line, message });
  };
  for await (const { number, text } of readLines(input)) {
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
      bad(number, `not JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const type = (record as { type?: unknown } | null)?.type;
    if (type === 'trace') {
      const parsed = TraceSchema.safeParse((record as { trace?: unknown }).trace);
      if (parsed.success) traces.push(parsed.data);
      else bad(number, describeZodError('trace', parsed.error));
    } else if (type === 'event') {
      const parsed = FeedbackEventSchema.safeParse((record as { event?: unknown }).event);
      if (parsed.success) events.push({ event: parsed.data, line: number });
      else bad(number, describeZodError('event', parsed.error));
    } else {
      bad(number, `unknown record type ${JSON.stringify(type)} (expected "trace" or "event")`);
    }
  }
  if (exportedAt === undefined) return foreign('This file is empty: a Stageback log starts with its header line.');
  if (badLines > 0) {
    return {
      ok: false,
      error: {
        kind: 'invalid',
        message: `${badLines} line${badLines === 1 ? '' : 's'} of this Stageback log ${badLines === 1 ? 'is' : 'are'} not valid; nothing was imported.`,
        issues,
        badLines,
      },
    };
  }
  return {
    ok: true,
    parsed: { exportedAt, traces, events: events.map((e) => e.event), eventLines: events.map((e) => e.line) },
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
      issues.push({
        line: parsed.eventLines[i] ?? 0,
        message: `event's trace ${e.traceId} is neither in the file nor stored`,
      });
    }
  }
  if (badLines === 0) return undefined;
  return {
    kind: 'invalid',
    message: `${badLines} event${badLines === 1 ? ' belongs' : 's belong'} to no known trace; nothing was imported.`,
    issues,
    badLines,
  };
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
  return db.transaction('rw', [db.traces, db.events, db.aggregates], async () => {
    const plan = await planImport(db, parsed);
    const orphans = orphanIssues(parsed, plan);
    if (orphans) throw new Error(orphans.message);

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
    return { traces: plan.traces, events: plan.events };
  });
}
