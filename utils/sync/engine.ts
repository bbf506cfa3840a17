import type { OutboxItem, StagebackDB } from '../../storage/db';
import { redactEvent, redactTrace } from '../../storage/exports/redact-records';
import type { RedactionRules } from '../../storage/queries/redaction-rules';
import { redactorFor } from '../../storage/queries/redaction-rules';
import type { Trace } from '../../storage/schema';
import { duePending, readByIds, recordSent, updateRows } from '../../storage/sync/outbox';
import { backoffDelay } from './backoff';
import { envelopeJson, MAX_BATCH_BYTES, MAX_BATCH_ITEMS, planBatches, type SerialisedItem } from './batches';
import { checkEndpoint, type SyncConfig, syncActive } from './settings';
import type { SyncState, SyncStateStore } from './state';
import { type PostTarget, postBatch } from './transport';

/** Events read from the outbox per round; each round is cut into ~1 MB batches. */
const ROUND_EVENTS = 10_000;

/**
 * A batch whose events already failed this often with HTTP 500 is sent in halves, down to single items, so one
 * item the collector cannot store does not hold back the others.
 */
export const SPLIT_AFTER_FAILURES = 2;

export interface SyncEngineDeps {
  db: StagebackDB;
  /** The settings and the token. */
  settings: () => Promise<SyncConfig>;
  rules: () => Promise<RedactionRules>;
  state: SyncStateStore;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  timeoutMs?: number;
  maxBatchBytes?: number;
  maxBatchItems?: number;
}

export type StopReason = 'off' | 'waiting' | 'retrying' | 'token-rejected' | 'withdrawn';

export interface RunReport {
  sent: number;
  dead: number;
  /** Events to be tried again later (their batch failed, or the collector did not mention them). */
  retried: number;
  /** Why the run ended before the outbox was empty; null when nothing due was left. */
  stopped: StopReason | null;
}

interface Entry extends SerialisedItem {
  kind: 'event' | 'trace';
  /** For events: their trace. */
  traceId?: string;
  /** For traces: the hash of what was sent, remembered once the collector has it. */
  hash?: string;
  /** For events: failed attempts so far (from the outbox row). */
  attempts?: number;
}

/** A cheap 53-bit string hash (cyrb53): enough to notice that a trace changed since it was last sent. */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Sends the outbox to the collector: one run at a time (in this context and, through Web Locks, across
 * contexts); an event is marked sent only after the collector confirmed it (`created` or `duplicate`).
 */
export function createSyncEngine(deps: SyncEngineDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  let current: Promise<RunReport> | null = null;
  let queued: Promise<RunReport> | null = null;
  let queuedForce = false;

  function run(options: { force?: boolean } = {}): Promise<RunReport> {
    if (!current) {
      current = exclusive(() => runOnce(options.force === true)).finally(() => {
        current = null;
      });
      return current;
    }
    queuedForce ||= options.force === true;
    queued ??= current.then(() => {
      const force = queuedForce;
      queued = null;
      queuedForce = false;
      return run({ force });
    });
    return queued;
  }

  async function runOnce(force: boolean): Promise<RunReport> {
    const report: RunReport = { sent: 0, dead: 0, retried: 0, stopped: null };
    const settings = await deps.settings();
    const endpoint = checkEndpoint(settings.endpoint);
    if (!syncActive(settings) || !endpoint.ok) return { ...report, stopped: 'off' };
    let state = await deps.state.get();
    const save = async (next: Partial<SyncState>) => {
      state = { ...state, ...next };
      await deps.state.set(state);
    };
    if (!force) {
      if (state.condition === 'token-rejected' || state.condition === 'withdrawn') {
        return { ...report, stopped: state.condition };
      }
      if (state.retryAt !== null && state.retryAt > now()) return { ...report, stopped: 'waiting' };
    }
    const target: PostTarget = {
      url: endpoint.url,
      // The collector takes the participant from the token: no participant header is sent.
      token: settings.token,
      studyId: settings.studyId,
    };
    const redact = redactorFor(await deps.rules());
    const attempted = new Set<string>();
    // Recording a confirmed batch overlaps with sending the next one; it is awaited before any other outcome is
    // handled, so state changes keep their order.
    let recording: Promise<void> = Promise.resolve();

    /** Single items that failed with 500 on their own in this run, and whether anything was confirmed. */
    const isolated = { failed: 0, confirmed: false };

    /**
     * Sends one batch (splitting it when refused as a whole, or when it keeps failing with 500); false when the
     * run must stop. `splitting`: this batch is a half of one that failed with 500.
     */
    const send = async (batch: Entry[], splitting = false): Promise<boolean> => {
      const gzip = state.gzip?.endpoint === target.url ? state.gzip.accepted : true;
      const eventIds = batch.filter((e) => e.kind === 'event').map((e) => e.id);
      const attemptAt = now();
      const outcome = await postBatch(target, envelopeJson(batch), {
        gzip,
        fetch: deps.fetch,
        timeoutMs: deps.timeoutMs,
        now,
      });
      await recording;
      state = { ...state, lastAttemptAt: attemptAt };
      switch (outcome.kind) {
        case 'gzip-refused':
          await save({ gzip: { endpoint: target.url, accepted: false } });
          return send(batch, splitting);
        case 'token-rejected':
          await save({
            condition: 'token-rejected',
            message: `token rejected (${outcome.status}): ${outcome.message}`,
          });
          report.stopped = 'token-rejected';
          return false;
        case 'withdrawn':
          await save({ condition: 'withdrawn', message: outcome.message });
          report.stopped = 'withdrawn';
          return false;
        case 'retry': {
          if (outcome.status === 500) {
            const failedBefore = Math.max(0, ...batch.map((e) => e.attempts ?? 0));
            if (batch.length > 1 && (splitting || failedBefore >= SPLIT_AFTER_FAILURES)) {
              const half = Math.ceil(batch.length / 2);
              return (await send(batch.slice(0, half), true)) && send(batch.slice(half), true);
            }
            // One item alone still fails while others went through: it waits (its own backoff), the rest goes on.
            // Two lone failures and nothing confirmed: the collector fails for everyone; stop as usual.
            if (splitting && (isolated.confirmed || isolated.failed === 0)) {
              isolated.failed++;
              await updateRows(deps.db, eventIds, (row) =>
                retryRow(row, now() + backoffDelay(row.attempts + 1, random), `${outcome.message} (this item alone)`),
              );
              report.retried += eventIds.length;
              await save({ message: `an item failed on its own (${outcome.message}); it is retried later` });
              return true;
            }
          }
          const failures = state.failures + 1;
          const retryAt = outcome.retryAt ?? now() + backoffDelay(failures, random);
          await updateRows(deps.db, eventIds, (row) => retryRow(row, retryAt, outcome.message));
          report.retried += eventIds.length;
          await save({ condition: 'retrying', failures, retryAt, message: outcome.message });
          report.stopped = 'retrying';
          return false;
        }
        case 'refused': {
          if (batch.length > 1) {
            const half = Math.ceil(batch.length / 2);
            return (await send(batch.slice(0, half))) && send(batch.slice(half));
          }
          await settle(batch, [], [[batch[0]?.id ?? '', `${outcome.status}: ${outcome.message}`]], []);
          return true;
        }
        case 'answered': {
          const byId = new Map(batch.map((e) => [e.id, e]));
          const ok = outcome.answer.successes.filter((s) => s.status >= 200 && s.status < 300).map((s) => s.id);
          const refused: [string, string][] = [];
          const retry = new Set(eventIds);
          for (const id of ok) retry.delete(id);
          for (const e of outcome.answer.errors) {
            if (e.id === null || !byId.has(e.id)) continue;
            if (e.status >= 400 && e.status < 500) {
              refused.push([e.id, `${e.status}: ${e.message ?? 'refused'}`]);
              retry.delete(e.id);
            }
          }
          if (gzip && state.gzip?.endpoint !== target.url) {
            state = { ...state, gzip: { endpoint: target.url, accepted: true } };
          }
          if (ok.length > 0) isolated.confirmed = true;
          recording = settle(batch, ok, refused, [...retry]);
          recording.catch(() => {}); // awaited (and thrown) before the next outcome; not unhandled meanwhile
          return true;
        }
      }
    };

    const settle = async (batch: Entry[], ok: string[], refused: [string, string][], retry: string[]) => {
      const byId = new Map(batch.map((e) => [e.id, e]));
      const at = now();
      const sentEvents = ok.flatMap((id) => {
        const e = byId.get(id);
        return e?.kind === 'event' && e.traceId ? [{ eventId: id, traceId: e.traceId }] : [];
      });
      const deadEvents = new Map(refused.filter(([id]) => byId.get(id)?.kind === 'event'));
      // A refused trace is remembered like a sent one: resending it unchanged would be refused again.
      const traces = [...ok, ...refused.map(([id]) => id)].flatMap((id) => {
        const e = byId.get(id);
        return e?.kind === 'trace' && e.hash ? [{ id, contentHash: e.hash }] : [];
      });
      report.sent += await recordSent(deps.db, sentEvents, traces);
      report.dead += await updateRows(deps.db, [...deadEvents.keys()], (row) => ({
        ...row,
        state: 'dead',
        attempts: row.attempts + 1,
        lastError: deadEvents.get(row.eventId),
      }));
      report.retried += await updateRows(deps.db, retry, (row) =>
        retryRow(row, at + backoffDelay(row.attempts + 1, random), 'the collector did not confirm this event'),
      );
      const traceRefusal = refused.find(([id]) => byId.get(id)?.kind === 'trace');
      await save({
        condition: 'idle',
        failures: 0,
        retryAt: null,
        ...(sentEvents.length > 0 ? { lastSentAt: at } : {}),
        message: traceRefusal ? `an answer was refused: ${traceRefusal[1]}` : null,
      });
    };

    for (;;) {
      const rows = (await duePending(deps.db, force ? Number.POSITIVE_INFINITY : now(), ROUND_EVENTS)).filter(
        (r) => !attempted.has(r.eventId),
      );
      if (rows.length === 0) {
        await recording;
        return report;
      }
      for (const r of rows) attempted.add(r.eventId);
      const entries = await buildEntries(deps.db, rows, redact);
      const batches = planBatches(
        entries,
        deps.maxBatchBytes ?? MAX_BATCH_BYTES,
        deps.maxBatchItems ?? MAX_BATCH_ITEMS,
      );
      for (const batch of batches) {
        // Turning sync off stops sending between batches, not only between runs.
        if (!syncActive(await deps.settings())) {
          await recording;
          return { ...report, stopped: 'off' };
        }
        if (!(await send(batch as Entry[]))) return report;
      }
      // The next round reads the outbox: what this one confirmed must be recorded first.
      await recording;
    }
  }

  return { run };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

function retryRow(row: OutboxItem, at: number, message: string): OutboxItem {
  return { ...row, attempts: row.attempts + 1, nextAttemptAt: at, lastError: message };
}

async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  return locks ? (locks.request('stageback-sync', fn) as Promise<T>) : fn();
}

/**
 * Envelope items for these outbox rows, redacted: each event preceded by its trace when the collector does not
 * have that trace's current content yet. Rows whose event is gone are dropped from the outbox.
 */
async function buildEntries(
  db: StagebackDB,
  rows: OutboxItem[],
  redact: Parameters<typeof redactTrace>[1],
): Promise<Entry[]> {
  const events = await readByIds(
    db.events,
    rows.map((r) => r.eventId),
  );
  const gone = rows.filter((_, i) => events[i] === undefined).map((r) => r.eventId);
  if (gone.length > 0) await db.outbox.bulkDelete(gone);
  const traceIds = [...new Set(rows.map((r) => r.traceId))];
  const [traces, synced] = await Promise.all([db.traces.bulkGet(traceIds), db.syncedTraces.bulkGet(traceIds)]);
  const traceEntries = new Map<string, Entry | null>();
  for (const [i, trace] of traces.entries()) {
    if (!trace) continue;
    const entry = traceEntry(trace, redact);
    traceEntries.set(trace.id, synced[i]?.contentHash === entry.hash ? null : entry);
  }
  const out: Entry[] = [];
  for (const [i, row] of rows.entries()) {
    const event = events[i];
    if (!event) continue;
    const trace = traceEntries.get(event.traceId);
    if (trace) {
      out.push(trace);
      traceEntries.set(event.traceId, null);
    }
    const body = redactEvent(event, redact);
    const timestamp = new Date(row.queuedAt).toISOString();
    out.push({
      id: event.id,
      kind: 'event',
      traceId: event.traceId,
      attempts: row.attempts,
      json: JSON.stringify({ id: event.id, timestamp, type: 'feedback-event', body }),
    });
  }
  return out;
}

function traceEntry(trace: Trace, redact: Parameters<typeof redactTrace>[1]): Entry {
  // firstFeedbackAt is local bookkeeping: it changes as events come and go, and must not make a trace "changed".
  const { firstFeedbackAt: _local, ...rest } = trace;
  const body = JSON.stringify(redactTrace(rest as Trace, redact));
  return {
    id: trace.id,
    kind: 'trace',
    hash: hashText(body),
    json: `{"id":${JSON.stringify(trace.id)},"timestamp":${JSON.stringify(new Date().toISOString())},"type":"trace-upsert","body":${body}}`,
  };
}
