import pg from 'pg';
import type { TraceHistory } from '../../../storage/exports/source';
import type { FeedbackEvent, Trace } from '../../../storage/schema';
import { AggregateDelta } from '../dashboard/deltas';
import { HISTORY_PAGE, pageHistories } from '../dashboard/histories';
import { AGGREGATE_TABLES, AGGREGATES_BUILT, EVENT_SITE_INDEX } from '../dashboard/schema';
import {
  type DashboardReader,
  dashboardReader,
  deltaStatements,
  type Statement,
  withdrawalStatements,
} from '../dashboard/sql';
import type { ItemType, ValidItem } from '../envelope';
import type { BucketOptions, Limiter } from '../rate-limit';
import { PostgresRateLimiter, RATE_BUCKETS_TABLE } from '../shared-rate-limit';
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
import { COLUMN_UPGRADES, type ColumnUpgrade } from './upgrades';

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

/** COLUMN_UPGRADES, and the events' site for the dashboard's counters. Runs under the migration lock. */
const UPGRADES: readonly ColumnUpgrade[] = [
  ...COLUMN_UPGRADES,
  { table: 'events', column: 'site_id', sql: ['ALTER TABLE events ADD COLUMN site_id TEXT'] },
];
const AFTER_UPGRADES = `CREATE INDEX IF NOT EXISTS tokens_participant ON tokens (participant_id);
CREATE INDEX IF NOT EXISTS events_trace ON events (trace_id);
${EVENT_SITE_INDEX};`;

/** Advisory locks (first key) that order a trace's arrival with its early events' (second key: a bucket of ids). */
const TRACE_SITE_LOCK = 0x5354_4743;
const TRACE_SITE_BUCKETS = 1024;

/** The lock bucket of a trace id (FNV-1a): a transaction takes at most TRACE_SITE_BUCKETS locks. */
function siteLockBucket(traceId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < traceId.length; i++) hash = Math.imul(hash ^ traceId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % TRACE_SITE_BUCKETS;
}

/** `?` placeholders (the dashboard's shared SQL) as PostgreSQL's `$1, $2, …`. */
const numbered = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

interface AggregateSource {
  participant_id: string | null;
  study_id: string | null;
  stored_at: Date;
  site_id: string | null;
  body: string;
}

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
      await this.migrateAggregates(client);
      await client.query(RATE_BUCKETS_TABLE);
    });
  }

  sharedLimiter(prefix: string, options: BucketOptions): Limiter {
    return new PostgresRateLimiter(this.pool, prefix, options);
  }

  private async runAll(client: pg.PoolClient, statements: readonly Statement[]): Promise<void> {
    for (const { sql, params } of statements) await client.query(numbered(sql), params);
  }

  readonly dashboard: DashboardReader = dashboardReader(
    async (sql, params) => (await this.pool.query(numbered(sql), params)).rows,
  );

  async countRefusals(studyId: string | null, at: string, counts: Readonly<Record<string, number>>): Promise<void> {
    const delta = new AggregateDelta();
    for (const [reason, count] of Object.entries(counts)) delta.refusal(studyId, at, reason, count);
    const statements = deltaStatements(delta.rows());
    if (statements.length > 0) await this.transaction((client) => this.runAll(client, statements));
  }

  /**
   * Creates the counter tables and, on a database with records from before they existed, builds them from those
   * records once (a full read, under the migration lock). Refusals from before are not known.
   */
  private async migrateAggregates(client: pg.PoolClient): Promise<void> {
    await client.query(AGGREGATE_TABLES);
    const built = await client.query('SELECT 1 FROM collector_meta WHERE key = $1', [AGGREGATES_BUILT]);
    if ((built.rowCount ?? 0) > 0) return;
    await client.query(
      `UPDATE events e SET site_id = t.body->>'siteId' FROM traces t WHERE t.id = e.trace_id AND e.site_id IS NULL`,
    );
    const delta = new AggregateDelta();
    for (const [table, add] of [
      [
        'events',
        (r: AggregateSource) =>
          delta.event(r.study_id, r.participant_id, r.stored_at.toISOString(), r.site_id, JSON.parse(r.body)),
      ],
      [
        'traces',
        (r: AggregateSource) =>
          delta.trace(r.study_id, r.participant_id, r.stored_at.toISOString(), JSON.parse(r.body)),
      ],
    ] as const) {
      const site = table === 'events' ? 'site_id' : 'NULL AS site_id';
      let cursor = '';
      for (;;) {
        const { rows } = await client.query<AggregateSource & { id: string }>(
          `SELECT id, participant_id, study_id, stored_at, ${site}, body::text AS body FROM ${table}
           WHERE id > $1 ORDER BY id LIMIT ${EXPORT_PAGE_SIZE}`,
          [cursor],
        );
        for (const row of rows) add(row);
        if (rows.length < EXPORT_PAGE_SIZE) break;
        cursor = (rows.at(-1) as { id: string }).id;
      }
    }
    await this.runAll(client, deltaStatements(delta.rows()));
    const { rows: withdrawn } = await client.query<{ participant_id: string; withdrawn_at: Date }>(
      'SELECT participant_id, withdrawn_at FROM withdrawn_participants',
    );
    for (const w of withdrawn) {
      await this.runAll(client, withdrawalStatements(w.participant_id, w.withdrawn_at.toISOString()));
    }
    await client.query('INSERT INTO collector_meta (key, value) VALUES ($1, $2)', [
      AGGREGATES_BUILT,
      new Date().toISOString(),
    ]);
  }

  async ingest(items: readonly ValidItem[], meta: BatchMeta): Promise<ItemOutcome[]> {
    const { participantId, studyId, storedAt, owner } = meta;
    return this.transaction(async (client) => {
      const outcomes: ItemOutcome[] = new Array(items.length);
      const delta = new AggregateDelta();
      delta.touch(studyId, participantId, storedAt);
      const createdTraces: { id: string; site: string }[] = [];
      // Traces first, so the events of the same batch find their trace's site.
      for (const [index, item] of items.entries()) {
        if (item.type !== 'trace-upsert') continue;
        const body = JSON.stringify(item.body);
        for (let attempt = 0; outcomes[index] === undefined; attempt++) {
          // DO NOTHING waits for a concurrent insert of the same id to commit or roll back, so the row read
          // next (locked) is the one that won.
          const inserted = await client.query(
            `INSERT INTO traces (id, participant_id, study_id, stored_at, body, owner) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO NOTHING`,
            [item.id, participantId, studyId, storedAt, body, owner],
          );
          if ((inserted.rowCount ?? 0) > 0) {
            outcomes[index] = 'created';
            delta.trace(studyId, participantId, storedAt, item.body);
            createdTraces.push({ id: item.id, site: item.body.siteId });
            break;
          }
          const { rows } = await client.query<{
            owner: string;
            study_id: string | null;
            stored_at: Date;
            body: string;
            same: boolean;
          }>(
            `SELECT owner, study_id, stored_at, body::text AS body, body = $2::jsonb AS same FROM traces
             WHERE id = $1 FOR UPDATE`,
            [item.id, body],
          );
          const stored = rows[0];
          if (!stored) {
            // Deleted (a withdrawal) between the two statements: insert it after all, once.
            if (attempt === 0) continue;
            outcomes[index] = 'foreign';
          } else if (stored.owner !== owner) outcomes[index] = 'foreign';
          else if (stored.same) outcomes[index] = 'duplicate';
          else {
            await client.query('UPDATE traces SET body = $2, stored_at = $3 WHERE id = $1', [item.id, body, storedAt]);
            delta.traceReplaced(
              stored.study_id,
              participantId,
              { storedAt: stored.stored_at.toISOString(), body: JSON.parse(stored.body) as Trace },
              { storedAt, body: item.body },
            );
            outcomes[index] = 'updated';
          }
        }
      }
      const events = items.flatMap((item, index) => (item.type === 'feedback-event' ? [{ item, index }] : []));
      const waiting: { id: string; traceId: string; body: FeedbackEvent }[] = [];
      if (events.length > 0) {
        const sites = await this.traceSites(
          client,
          events.map(({ item }) => item.body.traceId),
        );
        const rows = events.map(({ item }) => ({
          id: item.id,
          trace_id: item.body.traceId,
          body: item.body,
          site_id: sites.get(item.body.traceId) ?? null,
        }));
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO events (id, trace_id, participant_id, study_id, stored_at, body, owner, site_id)
           SELECT r.id, r.trace_id, $2, $3, $4, r.body, $5, r.site_id
           FROM jsonb_to_recordset($1::jsonb) AS r (id text, trace_id text, body jsonb, site_id text)
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
          if (created.delete(item.id)) {
            outcomes[index] = 'created';
            const site = sites.get(item.body.traceId);
            if (site === undefined) waiting.push({ id: item.id, traceId: item.body.traceId, body: item.body });
            else delta.event(studyId, participantId, storedAt, site, item.body);
          } else outcomes[index] = (owners.get(item.id) ?? owner) === owner ? 'duplicate' : 'foreign';
        }
      }
      await this.settleSites(client, createdTraces, waiting, delta, { studyId, participantId, storedAt });
      await this.runAll(client, deltaStatements(delta.rows()));
      return outcomes;
    });
  }

  private async traceSites(client: pg.PoolClient, traceIds: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await client.query<{ id: string; site: string }>(
      `SELECT id, body->>'siteId' AS site FROM traces WHERE id = ANY($1::text[])`,
      [[...new Set(traceIds)]],
    );
    return new Map(rows.map((row) => [row.id, row.site]));
  }

  /**
   * Puts events under their trace's site when one side arrives before the other. Another process may be storing
   * the trace while this one stores its early event (or the reverse), each unseen by the other until it commits;
   * both take an advisory lock on the trace id's bucket (all in one sorted statement, so no two transactions wait
   * on each other) and look again under it: whichever commits second sees the first.
   */
  private async settleSites(
    client: pg.PoolClient,
    createdTraces: readonly { id: string; site: string }[],
    waiting: readonly { id: string; traceId: string; body: FeedbackEvent }[],
    delta: AggregateDelta,
    batch: { studyId: string | null; participantId: string | null; storedAt: string },
  ): Promise<void> {
    if (createdTraces.length === 0 && waiting.length === 0) return;
    const buckets = [
      ...new Set([...createdTraces.map((t) => t.id), ...waiting.map((e) => e.traceId)].map(siteLockBucket)),
    ];
    await client.query(`SELECT pg_advisory_xact_lock(${TRACE_SITE_LOCK}, b) FROM unnest($1::int[]) AS b`, [
      buckets.sort((a, b) => a - b),
    ]);
    if (createdTraces.length > 0) {
      const { rows } = await client.query<{ study_id: string | null; body: string; site: string }>(
        `UPDATE events e SET site_id = c.site
         FROM unnest($1::text[], $2::text[]) AS c (id, site)
         WHERE e.trace_id = c.id AND e.site_id IS NULL
         RETURNING e.study_id, e.body::text AS body, c.site`,
        [createdTraces.map((t) => t.id), createdTraces.map((t) => t.site)],
      );
      for (const row of rows) {
        const event = JSON.parse(row.body) as FeedbackEvent;
        delta.feedbackAt(row.study_id ?? '', '', event, -1);
        delta.feedbackAt(row.study_id ?? '', row.site, event, 1);
      }
    }
    if (waiting.length > 0) {
      const sites = await this.traceSites(
        client,
        waiting.map((e) => e.traceId),
      );
      const found = waiting.filter((e) => sites.has(e.traceId));
      if (found.length > 0) {
        await client.query(
          `UPDATE events e SET site_id = c.site FROM unnest($1::text[], $2::text[]) AS c (id, site)
           WHERE e.id = c.id AND e.site_id IS NULL`,
          [found.map((e) => e.id), found.map((e) => sites.get(e.traceId))],
        );
      }
      for (const e of waiting) {
        delta.event(batch.studyId, batch.participantId, batch.storedAt, sites.get(e.traceId) ?? null, e.body);
      }
    }
  }

  async *traceHistories(studyId: string | null): AsyncIterable<TraceHistory> {
    let cursor = '';
    for (;;) {
      const { rows: traces } = await this.pool.query<{ id: string; body: string }>(
        `SELECT id, body::text AS body FROM traces WHERE id > $1 AND ($2::text IS NULL OR study_id = $2)
         ORDER BY id LIMIT ${HISTORY_PAGE}`,
        [cursor, studyId],
      );
      if (traces.length === 0) return;
      const { rows: events } = await this.pool.query<{ trace_id: string; body: string }>(
        'SELECT trace_id, body::text AS body FROM events WHERE trace_id = ANY($1::text[])',
        [traces.map((t) => t.id)],
      );
      yield* pageHistories(traces, events);
      cursor = (traces.at(-1) as { id: string }).id;
      if (traces.length < HISTORY_PAGE) return;
    }
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
      await this.runAll(client, deltaStatements((await this.subtractParticipant(client, participantId)).rows()));
      await this.runAll(client, withdrawalStatements(participantId, at));
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

  /** The participant's rows subtracted from the counters (inside the deletion's transaction, before it). */
  private async subtractParticipant(client: pg.PoolClient, participantId: string): Promise<AggregateDelta> {
    const delta = new AggregateDelta();
    const events = await client.query<{
      study_id: string | null;
      stored_at: Date;
      site_id: string | null;
      body: string;
    }>('SELECT study_id, stored_at, site_id, body::text AS body FROM events WHERE participant_id = $1 FOR UPDATE', [
      participantId,
    ]);
    for (const r of events.rows) {
      delta.event(r.study_id, participantId, r.stored_at.toISOString(), r.site_id, JSON.parse(r.body), -1);
    }
    const traces = await client.query<{ study_id: string | null; stored_at: Date; body: string }>(
      'SELECT study_id, stored_at, body::text AS body FROM traces WHERE participant_id = $1 FOR UPDATE',
      [participantId],
    );
    for (const r of traces.rows) {
      delta.trace(r.study_id, participantId, r.stored_at.toISOString(), JSON.parse(r.body), -1);
    }
    return delta;
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
