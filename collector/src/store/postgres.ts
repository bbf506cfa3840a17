import pg from 'pg';
import type { ItemType, ValidItem } from '../envelope';
import type { TokenRecord, TokenScope } from '../tokens';
import {
  type BatchMeta,
  type DeletedCounts,
  EXPORT_PAGE_SIZE,
  type ExportRecord,
  type ItemOutcome,
  type Store,
} from './types';

/** Serialises concurrent migrations from several collector processes (any constant works). */
const MIGRATION_LOCK = 0x5354_4742;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traces (
  id TEXT PRIMARY KEY,
  participant_id TEXT,
  study_id TEXT,
  stored_at TIMESTAMPTZ NOT NULL,
  body JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS traces_stored_at ON traces (stored_at, id);
CREATE INDEX IF NOT EXISTS traces_participant ON traces (participant_id);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  trace_id TEXT NOT NULL,
  participant_id TEXT,
  study_id TEXT,
  stored_at TIMESTAMPTZ NOT NULL,
  body JSONB NOT NULL
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
  revoked_at TIMESTAMPTZ
);
`;

interface TokenRow {
  id: string;
  name: string;
  scope: TokenScope;
  created_at: Date;
  revoked_at: Date | null;
}

const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
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
    });
  }

  async ingest(items: readonly ValidItem[], meta: BatchMeta): Promise<ItemOutcome[]> {
    const { participantId, studyId, storedAt } = meta;
    return this.transaction(async (client) => {
      const outcomes: ItemOutcome[] = new Array(items.length);
      const events = items.flatMap((item, index) => (item.type === 'feedback-event' ? [{ item, index }] : []));
      if (events.length > 0) {
        const rows = events.map(({ item }) => ({ id: item.id, trace_id: item.body.traceId, body: item.body }));
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO events (id, trace_id, participant_id, study_id, stored_at, body)
           SELECT r.id, r.trace_id, $2, $3, $4, r.body
           FROM jsonb_to_recordset($1::jsonb) AS r (id text, trace_id text, body jsonb)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [JSON.stringify(rows), participantId, studyId, storedAt],
        );
        const created = new Set(inserted.rows.map((row) => row.id));
        for (const { item, index } of events) {
          // An id sent twice in one batch is created once; the later copy is the duplicate.
          outcomes[index] = created.delete(item.id) ? 'created' : 'duplicate';
        }
      }
      for (const [index, item] of items.entries()) {
        if (item.type !== 'trace-upsert') continue;
        // One statement per trace: ON CONFLICT DO UPDATE cannot touch a row twice in one statement.
        const result = await client.query<{ inserted: boolean }>(
          `INSERT INTO traces (id, participant_id, study_id, stored_at, body) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO UPDATE SET body = excluded.body, stored_at = excluded.stored_at
           WHERE traces.body IS DISTINCT FROM excluded.body
           RETURNING (xmax = 0) AS inserted`,
          [item.id, participantId, studyId, storedAt, JSON.stringify(item.body)],
        );
        const row = result.rows[0];
        outcomes[index] = !row ? 'duplicate' : row.inserted ? 'created' : 'updated';
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
      await client.query(
        'INSERT INTO withdrawn_participants (participant_id, withdrawn_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [participantId, at],
      );
      return { traces: traces.rowCount ?? 0, events: events.rowCount ?? 0 };
    });
  }

  async isWithdrawn(participantId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM withdrawn_participants WHERE participant_id = $1', [
      participantId,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async createToken(token: {
    id: string;
    name: string;
    scope: TokenScope;
    hash: string;
    createdAt: string;
  }): Promise<void> {
    await this.pool.query('INSERT INTO tokens (id, name, scope, hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
      token.id,
      token.name,
      token.scope,
      token.hash,
      token.createdAt,
    ]);
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const { rows } = await this.pool.query<TokenRow>(
      'SELECT id, name, scope, created_at, revoked_at FROM tokens WHERE hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    return rows[0] ? toToken(rows[0]) : null;
  }

  async listTokens(): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>(
      'SELECT id, name, scope, created_at, revoked_at FROM tokens ORDER BY created_at',
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

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
