import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TraceHistory } from '../../../storage/exports/source';
import type { FeedbackEvent, Trace } from '../../../storage/schema';
import { AggregateDelta } from '../dashboard/deltas';
import { HISTORY_PAGE, pageHistories } from '../dashboard/histories';
import { AGGREGATE_TABLES, AGGREGATES_BUILT, EVENT_SITE_COLUMN, EVENT_SITE_INDEX } from '../dashboard/schema';
import {
  type DashboardReader,
  dashboardReader,
  deltaStatements,
  type Statement,
  withdrawalStatements,
} from '../dashboard/sql';
import type { ItemType, ValidItem } from '../envelope';
import { LEGACY_OWNER, type TokenRecord, type TokenScope } from '../tokens';
import * as studies from './sqlite-studies';
import { STUDY_SCHEMA } from './sqlite-studies';
import {
  type BatchMeta,
  type DeletedCounts,
  type EnrolOutcome,
  EXPORT_PAGE_SIZE,
  type ExportRecord,
  type ItemOutcome,
  type NewStudy,
  type NewToken,
  type Receipts,
  type Store,
  type StudyRecord,
  type StudySummary,
} from './types';
import { COLUMN_UPGRADES } from './upgrades';

export const SQLITE_FILE_NAME = 'collector.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traces (
  id TEXT PRIMARY KEY,
  participant_id TEXT,
  study_id TEXT,
  stored_at TEXT NOT NULL,
  body TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '${LEGACY_OWNER}'
);
CREATE INDEX IF NOT EXISTS traces_stored_at ON traces (stored_at, id);
CREATE INDEX IF NOT EXISTS traces_participant ON traces (participant_id);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  trace_id TEXT NOT NULL,
  participant_id TEXT,
  study_id TEXT,
  stored_at TEXT NOT NULL,
  body TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '${LEGACY_OWNER}'
);
CREATE INDEX IF NOT EXISTS events_stored_at ON events (stored_at, id);
CREATE INDEX IF NOT EXISTS events_participant ON events (participant_id);
CREATE TABLE IF NOT EXISTS withdrawn_participants (
  participant_id TEXT PRIMARY KEY,
  withdrawn_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  participant_id TEXT
);
`;

/** Runs in the migration's transaction. */
const UPGRADES = COLUMN_UPGRADES;
const AFTER_UPGRADES = `CREATE INDEX IF NOT EXISTS tokens_participant ON tokens (participant_id);
CREATE INDEX IF NOT EXISTS events_trace ON events (trace_id);`;

interface ExportRow {
  id: string;
  participant_id: string | null;
  study_id: string | null;
  stored_at: string;
  body: string;
}

interface TokenRow {
  id: string;
  name: string;
  scope: TokenScope;
  participant_id: string | null;
  study_id: string | null;
  created_at: string;
  revoked_at: string | null;
}

const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  participantId: row.participant_id,
  studyId: row.study_id,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/** How long a connection waits for another process's lock before "database is locked". */
const BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite converts a file to WAL without calling its busy handler, so a process opening the file while
 * another is writing to it (two `token create` on a new data folder, say) would fail at once with
 * "database is locked". Retry within the same budget instead. WAL is kept in the file, so once it is
 * converted there is nothing to do and no lock to take.
 */
function useWal(db: Database.Database, file: string): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 100)) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      if (db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${file} is locked by another process: could not switch it to WAL in ${BUSY_TIMEOUT_MS} ms`);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
  }
}

/** One file under the data folder, one connection, WAL so the CLI can write tokens while the server runs. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly file: string;
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, SQLITE_FILE_NAME);
    this.db = new Database(this.file, { timeout: BUSY_TIMEOUT_MS });
    try {
      useWal(this.db, this.file);
    } catch (error) {
      this.db.close();
      throw error;
    }
    // A committed batch survives the process being killed; only a power cut can lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    // Deleted rows are overwritten with zeros, not just unlinked, so a withdrawal leaves no readable copy.
    this.db.pragma('secure_delete = ON');
  }

  async migrate(): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.exec(SCHEMA);
      for (const upgrade of UPGRADES) {
        const columns = this.db.prepare(`SELECT name FROM pragma_table_info('${upgrade.table}')`).pluck().all();
        if (columns.includes(upgrade.column)) continue;
        for (const sql of upgrade.sql) this.db.exec(sql);
      }
      this.db.exec(AFTER_UPGRADES);
      this.db.exec(STUDY_SCHEMA);
      this.migrateAggregates();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private batchStatements?: ReturnType<SqliteStore['prepareBatchStatements']>;

  /** Prepared once, after the tables exist. */
  private prepareBatchStatements() {
    return {
      eventOwner: this.db.prepare('SELECT owner FROM events WHERE id = ?').pluck(),
      insertEvent: this.db.prepare(
        `INSERT INTO events (id, trace_id, participant_id, study_id, stored_at, body, owner, site_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      traceSite: this.db.prepare("SELECT json_extract(body, '$.siteId') FROM traces WHERE id = ?").pluck(),
      storedTrace: this.db.prepare('SELECT owner, study_id, stored_at, body FROM traces WHERE id = ?'),
      insertTrace: this.db.prepare(
        'INSERT INTO traces (id, participant_id, study_id, stored_at, body, owner) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      updateTrace: this.db.prepare('UPDATE traces SET body = ?, stored_at = ? WHERE id = ?'),
      waitingEvents: this.db.prepare('SELECT study_id, body FROM events WHERE trace_id = ? AND site_id IS NULL'),
      attributeEvents: this.db.prepare('UPDATE events SET site_id = ? WHERE trace_id = ? AND site_id IS NULL'),
    };
  }

  async ingest(items: readonly ValidItem[], meta: BatchMeta): Promise<ItemOutcome[]> {
    const { participantId, studyId, storedAt, owner } = meta;
    this.batchStatements ??= this.prepareBatchStatements();
    const sql = this.batchStatements;
    const delta = new AggregateDelta();
    delta.touch(studyId, participantId, storedAt);
    const storeTrace = (item: Extract<ValidItem, { type: 'trace-upsert' }>, body: string): ItemOutcome => {
      const stored = sql.storedTrace.get(item.id) as
        | { owner: string; study_id: string | null; stored_at: string; body: string }
        | undefined;
      if (!stored) {
        sql.insertTrace.run(item.id, participantId, studyId, storedAt, body, owner);
        delta.trace(studyId, participantId, storedAt, item.body);
        // Events that arrived before this trace now count under its site.
        for (const waiting of sql.waitingEvents.all(item.id) as { study_id: string | null; body: string }[]) {
          const event = JSON.parse(waiting.body) as FeedbackEvent;
          delta.feedbackAt(waiting.study_id ?? '', '', event, -1);
          delta.feedbackAt(waiting.study_id ?? '', item.body.siteId, event, 1);
        }
        sql.attributeEvents.run(item.body.siteId, item.id);
        return 'created';
      }
      if (stored.owner !== owner) return 'foreign';
      if (stored.body === body) return 'duplicate';
      sql.updateTrace.run(body, storedAt, item.id);
      delta.traceReplaced(
        stored.study_id,
        participantId,
        { storedAt: stored.stored_at, body: JSON.parse(stored.body) as Trace },
        { storedAt, body: item.body },
      );
      return 'updated';
    };
    const storeBatch = this.db.transaction(() => {
      const outcomes: ItemOutcome[] = new Array(items.length);
      // Traces first, so the events of the same batch find their trace's site.
      for (const [index, item] of items.entries()) {
        if (item.type === 'trace-upsert') outcomes[index] = storeTrace(item, JSON.stringify(item.body));
      }
      const sites = new Map<string, string | null>();
      for (const [index, item] of items.entries()) {
        if (item.type !== 'feedback-event') continue;
        const { traceId } = item.body;
        if (!sites.has(traceId)) sites.set(traceId, (sql.traceSite.get(traceId) as string | undefined) ?? null);
        const site = sites.get(traceId) ?? null;
        const { changes } = sql.insertEvent.run(
          item.id,
          item.body.traceId,
          participantId,
          studyId,
          storedAt,
          JSON.stringify(item.body),
          owner,
          site,
        );
        if (changes === 1) {
          delta.event(studyId, participantId, storedAt, site, item.body);
          outcomes[index] = 'created';
        } else outcomes[index] = sql.eventOwner.get(item.id) === owner ? 'duplicate' : 'foreign';
      }
      this.runAll(deltaStatements(delta.rows()));
      return outcomes;
    });
    return storeBatch();
  }

  private readonly statements = new Map<string, Database.Statement>();

  private runAll(statements: readonly Statement[]): void {
    for (const { sql, params } of statements) {
      let prepared = this.statements.get(sql);
      if (!prepared) {
        prepared = this.db.prepare(sql);
        this.statements.set(sql, prepared);
      }
      prepared.run(...params);
    }
  }

  readonly dashboard: DashboardReader = dashboardReader(
    async (sql, params) => this.db.prepare(sql).all(...params) as Record<string, unknown>[],
  );

  async countRefusals(studyId: string | null, at: string, counts: Readonly<Record<string, number>>): Promise<void> {
    const delta = new AggregateDelta();
    for (const [reason, count] of Object.entries(counts)) delta.refusal(studyId, at, reason, count);
    this.runAll(deltaStatements(delta.rows()));
  }

  /** The participant's rows subtracted from the counters (call inside the deletion's transaction, before it). */
  private subtractParticipant(participantId: string): AggregateDelta {
    const delta = new AggregateDelta();
    const events = this.db
      .prepare('SELECT study_id, stored_at, site_id, body FROM events WHERE participant_id = ?')
      .all(participantId) as { study_id: string | null; stored_at: string; site_id: string | null; body: string }[];
    for (const row of events) {
      delta.event(row.study_id, participantId, row.stored_at, row.site_id, JSON.parse(row.body) as FeedbackEvent, -1);
    }
    const traces = this.db
      .prepare('SELECT study_id, stored_at, body FROM traces WHERE participant_id = ?')
      .all(participantId) as { study_id: string | null; stored_at: string; body: string }[];
    for (const row of traces)
      delta.trace(row.study_id, participantId, row.stored_at, JSON.parse(row.body) as Trace, -1);
    return delta;
  }

  /**
   * Creates the counter tables and, on a file that has records from before they existed, builds them from those
   * records once (a full read, inside the migration's transaction). Refusals from before are not known.
   */
  private migrateAggregates(): void {
    this.db.exec(AGGREGATE_TABLES);
    const columns = this.db.prepare("SELECT name FROM pragma_table_info('events')").pluck().all();
    if (!columns.includes('site_id')) this.db.exec(EVENT_SITE_COLUMN);
    this.db.exec(EVENT_SITE_INDEX);
    if (this.db.prepare('SELECT 1 FROM collector_meta WHERE key = ?').get(AGGREGATES_BUILT)) return;
    this.db.exec(
      `UPDATE events SET site_id = (SELECT json_extract(t.body, '$.siteId') FROM traces t WHERE t.id = events.trace_id)
       WHERE site_id IS NULL`,
    );
    const delta = new AggregateDelta();
    for (const row of this.db
      .prepare('SELECT participant_id, study_id, stored_at, site_id, body FROM events')
      .iterate() as IterableIterator<{
      participant_id: string | null;
      study_id: string | null;
      stored_at: string;
      site_id: string | null;
      body: string;
    }>) {
      delta.event(row.study_id, row.participant_id, row.stored_at, row.site_id, JSON.parse(row.body) as FeedbackEvent);
    }
    for (const row of this.db
      .prepare('SELECT participant_id, study_id, stored_at, body FROM traces')
      .iterate() as IterableIterator<{
      participant_id: string | null;
      study_id: string | null;
      stored_at: string;
      body: string;
    }>) {
      delta.trace(row.study_id, row.participant_id, row.stored_at, JSON.parse(row.body) as Trace);
    }
    this.runAll(deltaStatements(delta.rows()));
    const withdrawn = this.db.prepare('SELECT participant_id, withdrawn_at FROM withdrawn_participants').all() as {
      participant_id: string;
      withdrawn_at: string;
    }[];
    for (const w of withdrawn) this.runAll(withdrawalStatements(w.participant_id, w.withdrawn_at));
    this.db
      .prepare('INSERT INTO collector_meta (key, value) VALUES (?, ?)')
      .run(AGGREGATES_BUILT, new Date().toISOString());
  }

  async *exportSince(since: string): AsyncIterable<ExportRecord> {
    for (const [table, type] of [
      ['traces', 'trace-upsert'],
      ['events', 'feedback-event'],
    ] as const satisfies [string, ItemType][]) {
      const page = this.db.prepare(
        `SELECT id, participant_id, study_id, stored_at, body FROM ${table}
         WHERE (stored_at, id) > (?, ?) ORDER BY stored_at, id LIMIT ${EXPORT_PAGE_SIZE}`,
      );
      let cursor: [string, string] = [since, ''];
      for (;;) {
        // Pages, not one open cursor: better-sqlite3 cannot write while a statement is iterating.
        const rows = page.all(...cursor) as ExportRow[];
        for (const row of rows) {
          yield {
            id: row.id,
            type,
            storedAt: row.stored_at,
            participantId: row.participant_id,
            studyId: row.study_id,
            bodyJson: row.body,
          };
        }
        const last = rows.at(-1);
        if (!last || rows.length < EXPORT_PAGE_SIZE) break;
        cursor = [last.stored_at, last.id];
      }
    }
  }

  async *traceHistories(studyId: string | null): AsyncIterable<TraceHistory> {
    const page = this.db.prepare(
      `SELECT id, body FROM traces WHERE id > ? AND (? IS NULL OR study_id = ?) ORDER BY id LIMIT ${HISTORY_PAGE}`,
    );
    let cursor = '';
    for (;;) {
      const traces = page.all(cursor, studyId, studyId) as { id: string; body: string }[];
      if (traces.length === 0) return;
      const events = this.db
        .prepare(`SELECT trace_id, body FROM events WHERE trace_id IN (${traces.map(() => '?').join(', ')})`)
        .all(...traces.map((t) => t.id)) as { trace_id: string; body: string }[];
      yield* pageHistories(traces, events);
      cursor = (traces.at(-1) as { id: string }).id;
      if (traces.length < HISTORY_PAGE) return;
    }
  }

  async deleteParticipant(participantId: string, at: string): Promise<DeletedCounts> {
    const deleted = this.db.transaction(() => {
      this.runAll(deltaStatements(this.subtractParticipant(participantId).rows()));
      this.runAll(withdrawalStatements(participantId, at));
      const events = this.db.prepare('DELETE FROM events WHERE participant_id = ?').run(participantId).changes;
      const traces = this.db.prepare('DELETE FROM traces WHERE participant_id = ?').run(participantId).changes;
      const tokensRevoked = this.db
        .prepare('UPDATE tokens SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL')
        .run(at, participantId).changes;
      this.db
        .prepare(
          'INSERT INTO withdrawn_participants (participant_id, withdrawn_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
        )
        .run(participantId, at);
      return { traces, events, tokensRevoked };
    })();
    // secure_delete zeroed the rows in the pages written to the WAL; copy them over the main file and empty the
    // WAL, whose older frames still hold the deleted rows.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return deleted;
  }

  async isWithdrawn(participantId: string): Promise<boolean> {
    return (
      this.db.prepare('SELECT 1 FROM withdrawn_participants WHERE participant_id = ?').get(participantId) !== undefined
    );
  }

  async isKnownParticipant(participantId: string): Promise<boolean> {
    const known = this.db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM tokens WHERE participant_id = @id)
             OR EXISTS (SELECT 1 FROM traces WHERE participant_id = @id)
             OR EXISTS (SELECT 1 FROM events WHERE participant_id = @id)
             OR EXISTS (SELECT 1 FROM withdrawn_participants WHERE participant_id = @id)`,
      )
      .pluck()
      .get({ id: participantId });
    return known === 1;
  }

  async createToken(token: NewToken): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO tokens (id, name, scope, participant_id, study_id, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(token.id, token.name, token.scope, token.participantId, token.studyId ?? null, token.hash, token.createdAt);
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const row = this.db
      .prepare('SELECT id, name, scope, participant_id, study_id, created_at, revoked_at FROM tokens WHERE hash = ?')
      .get(hash) as TokenRow | undefined;
    return row ? toToken(row) : null;
  }

  async listTokens(): Promise<TokenRecord[]> {
    const rows = this.db
      .prepare(
        'SELECT id, name, scope, participant_id, study_id, created_at, revoked_at FROM tokens ORDER BY created_at',
      )
      .all() as TokenRow[];
    return rows.map(toToken);
  }

  async revokeToken(idOrName: string, at: string): Promise<number> {
    return this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL')
      .run(at, idOrName, idOrName).changes;
  }

  async createStudy(study: NewStudy): Promise<void> {
    studies.createStudy(this.db, study);
  }

  async findStudyByCode(codeHash: string): Promise<StudyRecord | null> {
    return studies.findStudyByCode(this.db, codeHash);
  }

  async enrol(codeHash: string, at: string, participantId: string, token: NewToken): Promise<EnrolOutcome> {
    return studies.enrol(this.db, codeHash, at, participantId, token);
  }

  async listStudies(): Promise<StudySummary[]> {
    return studies.listStudies(this.db);
  }

  async receipts(participantId: string): Promise<Receipts> {
    return studies.receipts(this.db, participantId);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
