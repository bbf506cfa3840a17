import pg from 'pg';
import type { ItemType, ValidItem } from '../envelope';
import { LEGACY_OWNER, type TokenRecord, type TokenScope } from '../tokens';
import * as studies from './postgres-studies';
import { STUDY_SCHEMA } from './postgres-studies';
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

/** Serialises concurrent migrations from several collector processes (any constant works). */
const MIGRATION_LOCK = 0x5354_4742;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traces (
  id TEXT PRIMARY KEY,
  participant_id TEXT,
  study_id TEXT,
  stored_at TIMESTAMPTZ NOT NULL,
  body JSONB NOT NULL,
  owner TEXT NOT NULL DEFAULT '${LEGACY_OWNER}'
);
CREATE INDEX IF NOT EXISTS traces_stored_at ON traces (stored_at, id);
CREATE INDEX IF NOT EXISTS traces_participant ON traces (participant_id);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  trace_id TEXT NOT NULL,
  participant_id TEXT,
  study_id TEXT,
  stored_at TIMESTAMPTZ NOT NULL,
  body JSONB NOT NULL,
  owner TEXT NOT NULL DEFAULT '${LEGACY_OWNER}'
);
CREATE INDEX IF NOT EXISTS events_stored_at ON events (stored_at, id);
CREATE INDEX IF NOT EXISTS events_participant ON events (participant_id);
CREATE TABLE IF NOT EXISTS withdrawn_participants (
  participant_id TEXT PRIMARY KEY,
  withdrawn_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ,
  participant_id TEXT
);
`;

/**
 * Columns added after the first release, for databases created before them: rows get an owner (their header
 * participant, else `legacy`, which no token is), tokens a participant (none). Runs under the migration lock.
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

interface TokenRow {
  id: string;
  name: string;
  scope: TokenScope;
  participant_id: string | null;
  study_id: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  participantId: row.participant_id,
  studyId: row.study_id,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** For teams that outgrow one machine: several collector processes can share one database. */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 });
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(SCHEMA);
      for (const upgrade of UPGRADES) {
        const { rowCount } = await client.query(
          `SELECT 1 FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
          [upgrade.table, upgrade.column],
        );
        if ((rowCount ?? 0) > 0) continue;
        for (const sql of upgrade.sql) await client.query(sql);
      }
      await client.query(AFTER_UPGRADES);
      await client.query(STUDY_SCHEMA);
    });
  }

  async ingest(items: readonly ValidItem[], meta: BatchMeta): Promise<ItemOutcome[]> {
    const { participantId, studyId, storedAt, owner } = meta;
    return this.transaction(async (client) => {
      const outcomes: ItemOutcome[] = new Array(items.length);
      const events = items.flatMap((item, index) => (item.type === 'feedback-event' ? [{ item, index }] : []));
      if (events.length > 0) {
        const rows = events.map(({ item }) => ({ id: item.id, trace_id: item.body.traceId, body: item.body }));
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO events (id, trace_id, participant_id, study_id, stored_at, body, owner)
           SELECT r.id, r.trace_id, $2, $3, $4, r.body, $5
           FROM jsonb_to_recordset($1::jsonb) AS r (id text, trace_id text, body jsonb)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [JSON.stringify(rows), participantId, studyId, storedAt, owner],
        );
        const created = new Set(inserted.rows.map((row) => row.id));
        const notCreated = events.filter(({ item }) => !created.has(item.id)).map(({ item }) => item.id);
        const owners = new Map<string, string>();
        if (notCreated.length > 0) {
          const { rows: existing } = await client.query<{ id: string; owner: string }>(
            'SELECT id, owner FROM events WHERE id = ANY($1::text[])',
            [notCreated],
          );
          for (const row of existing) owners.set(row.id, row.owner);
        }
        for (const { item, index } of events) {
          // An id sent twice in one batch is created once; the later copy is the duplicate.
          if (created.delete(item.id)) outcomes[index] = 'created';
          else outcomes[index] = (owners.get(item.id) ?? owner) === owner ? 'duplicate' : 'foreign';
        }
      }
      for (const [index, item] of items.entries()) {
        if (item.type !== 'trace-upsert') continue;
        // One statement per trace: ON CONFLICT DO UPDATE cannot touch a row twice in one statement.
        const result = await client.query<{ inserted: boolean }>(
          `INSERT INTO traces (id, participant_id, study_id, stored_at, body, owner) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO UPDATE SET body = excluded.body, stored_at = excluded.stored_at
           WHERE traces.owner = excluded.owner AND traces.body IS DISTINCT FROM excluded.body
           RETURNING (xmax = 0) AS inserted`,
          [item.id, participantId, studyId, storedAt, JSON.stringify(item.body), owner],
        );
        const row = result.rows[0];
        if (row) {
          outcomes[index] = row.inserted ? 'created' : 'updated';
          continue;
        }
        const stored = await client.query<{ owner: string }>('SELECT owner FROM traces WHERE id = $1', [item.id]);
        outcomes[index] = stored.rows[0]?.owner === owner ? 'duplicate' : 'foreign';
      }
      return outcomes;
    });
  }

  async *exportSince(since: string): AsyncIterable<ExportRecord> {
    for (const [table, type] of [
      ['traces', 'trace-upsert'],
      ['events', 'feedback-event'],
    ] as const satisfies [string, ItemType][]) {
      let cursor: [string, string] = [since, ''];
      for (;;) {
        const { rows } = await this.pool.query<{
          id: string;
          participant_id: string | null;
          study_id: string | null;
          stored_at: Date;
          body: string;
        }>(
          `SELECT id, participant_id, study_id, stored_at, body::text AS body FROM ${table}
           WHERE (stored_at, id) > ($1::timestamptz, $2) ORDER BY stored_at, id LIMIT ${EXPORT_PAGE_SIZE}`,
          cursor,
        );
        for (const row of rows) {
          yield {
            id: row.id,
            type,
            storedAt: row.stored_at.toISOString(),
            participantId: row.participant_id,
            studyId: row.study_id,
            bodyJson: row.body,
          };
        }
        const last = rows.at(-1);
        if (!last || rows.length < EXPORT_PAGE_SIZE) break;
        cursor = [last.stored_at.toISOString(), last.id];
      }
    }
  }

  async deleteParticipant(participantId: string, at: string): Promise<DeletedCounts> {
    return this.transaction(async (client) => {
      const events = await client.query('DELETE FROM events WHERE participant_id = $1', [participantId]);
      const traces = await client.query('DELETE FROM traces WHERE participant_id = $1', [participantId]);
      const tokens = await client.query(
        'UPDATE tokens SET revoked_at = $1 WHERE participant_id = $2 AND revoked_at IS NULL',
        [at, participantId],
      );
      await client.query(
        'INSERT INTO withdrawn_participants (participant_id, withdrawn_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [participantId, at],
      );
      return { traces: traces.rowCount ?? 0, events: events.rowCount ?? 0, tokensRevoked: tokens.rowCount ?? 0 };
    });
  }

  async isWithdrawn(participantId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM withdrawn_participants WHERE participant_id = $1', [
      participantId,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async isKnownParticipant(participantId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ known: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM tokens WHERE participant_id = $1)
           OR EXISTS (SELECT 1 FROM traces WHERE participant_id = $1)
           OR EXISTS (SELECT 1 FROM events WHERE participant_id = $1)
           OR EXISTS (SELECT 1 FROM withdrawn_participants WHERE participant_id = $1) AS known`,
      [participantId],
    );
    return rows[0]?.known === true;
  }

  async createToken(token: NewToken): Promise<void> {
    await this.pool.query(
      `INSERT INTO tokens (id, name, scope, participant_id, study_id, hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [token.id, token.name, token.scope, token.participantId, token.studyId ?? null, token.hash, token.createdAt],
    );
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const { rows } = await this.pool.query<TokenRow>(
      'SELECT id, name, scope, participant_id, study_id, created_at, revoked_at FROM tokens WHERE hash = $1',
      [hash],
    );
    return rows[0] ? toToken(rows[0]) : null;
  }

  async listTokens(): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>(
      'SELECT id, name, scope, participant_id, study_id, created_at, revoked_at FROM tokens ORDER BY created_at',
    );
    return rows.map(toToken);
  }

  async revokeToken(idOrName: string, at: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      'UPDATE tokens SET revoked_at = $1 WHERE (id = $2 OR name = $2) AND revoked_at IS NULL',
      [at, idOrName],
    );
    return rowCount ?? 0;
  }

  async createStudy(study: NewStudy): Promise<void> {
    await studies.createStudy(this.pool, study);
  }

  async findStudyByCode(codeHash: string): Promise<StudyRecord | null> {
    return studies.findStudyByCode(this.pool, codeHash);
  }

  async enrol(codeHash: string, at: string, participantId: string, token: NewToken): Promise<EnrolOutcome> {
    return this.transaction((client) => studies.enrol(client, codeHash, at, participantId, token));
  }

  async listStudies(): Promise<StudySummary[]> {
    return studies.listStudies(this.pool);
  }

  async receipts(participantId: string): Promise<Receipts> {
    return studies.receipts(this.pool, participantId);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
