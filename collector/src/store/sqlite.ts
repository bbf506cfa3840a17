import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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

/**
 * Columns added after the first release, for files created before them: rows get an owner (their header
 * participant, else `legacy`, which no token is), tokens a participant (none). Runs in the migration's transaction.
 */
const UPGRADES: { table: string; column: string; sql: string[] }[] = [
  {
    table: 'traces',
    column: 'owner',
    sql: [
      `ALTER TABLE traces ADD COLUMN owner TEXT NOT NULL DEFAULT '${LEGACY_OWNER}'`,
      'UPDATE traces SET owner = participant_id WHERE participant_id IS NOT NULL',
    ],
  },
  {
    table: 'events',
    column: 'owner',
    sql: [
      `ALTER TABLE events ADD COLUMN owner TEXT NOT NULL DEFAULT '${LEGACY_OWNER}'`,
      'UPDATE events SET owner = participant_id WHERE participant_id IS NOT NULL',
    ],
  },
  { table: 'tokens', column: 'participant_id', sql: ['ALTER TABLE tokens ADD COLUMN participant_id TEXT'] },
  { table: 'tokens', column: 'study_id', sql: ['ALTER TABLE tokens ADD COLUMN study_id TEXT'] },
];
const AFTER_UPGRADES = 'CREATE INDEX IF NOT EXISTS tokens_participant ON tokens (participant_id);';

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
        `INSERT INTO events (id, trace_id, participant_id, study_id, stored_at, body, owner)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      traceOwner: this.db.prepare('SELECT owner FROM traces WHERE id = ?').pluck(),
      upsertTrace: this.db.prepare(
        `INSERT INTO traces (id, participant_id, study_id, stored_at, body, owner) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, stored_at = excluded.stored_at
         WHERE traces.body <> excluded.body AND traces.owner = excluded.owner`,
      ),
    };
  }

  async ingest(items: readonly ValidItem[], meta: BatchMeta): Promise<ItemOutcome[]> {
    const { participantId, studyId, storedAt, owner } = meta;
    this.batchStatements ??= this.prepareBatchStatements();
    const sql = this.batchStatements;
    const storeBatch = this.db.transaction(() =>
      items.map((item): ItemOutcome => {
        const body = JSON.stringify(item.body);
        if (item.type === 'feedback-event') {
          const { changes } = sql.insertEvent.run(
            item.id,
            item.body.traceId,
            participantId,
            studyId,
            storedAt,
            body,
            owner,
          );
          if (changes === 1) return 'created';
          return sql.eventOwner.get(item.id) === owner ? 'duplicate' : 'foreign';
        }
        const existing = sql.traceOwner.get(item.id) as string | undefined;
        if (existing !== undefined && existing !== owner) return 'foreign';
        const { changes } = sql.upsertTrace.run(item.id, participantId, studyId, storedAt, body, owner);
        if (existing === undefined) return 'created';
        return changes === 1 ? 'updated' : 'duplicate';
      }),
    );
    return storeBatch();
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

  async deleteParticipant(participantId: string, at: string): Promise<DeletedCounts> {
    const deleted = this.db.transaction(() => {
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
