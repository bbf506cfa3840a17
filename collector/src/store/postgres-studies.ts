import type pg from 'pg';
import {
  type EnrolOutcome,
  enrolmentVerdict,
  type NewStudy,
  type Receipts,
  type StudyRecord,
  type StudySummary,
} from './study-types';
import type { NewToken } from './types';

/** Studies and who enrolled in which (read by the dashboard too: see docs/collector.md, "Studies"). */
export const STUDY_SCHEMA = `
CREATE TABLE IF NOT EXISTS studies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  consent_text TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  code_hash TEXT NOT NULL UNIQUE,
  max_enrolments INTEGER,
  expires_at TIMESTAMPTZ,
  enrolments INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS enrolments (
  participant_id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL,
  enrolled_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS enrolments_study ON enrolments (study_id);
`;

interface StudyRow {
  id: string;
  name: string;
  consent_text: string;
  created_at: Date;
  max_enrolments: number | null;
  expires_at: Date | null;
  enrolments: number;
}

const STUDY_COLUMNS = 'id, name, consent_text, created_at, max_enrolments, expires_at, enrolments';

const toStudy = (row: StudyRow): StudyRecord => ({
  id: row.id,
  name: row.name,
  consentText: row.consent_text,
  createdAt: row.created_at.toISOString(),
  maxEnrolments: row.max_enrolments,
  expiresAt: row.expires_at?.toISOString() ?? null,
  enrolments: row.enrolments,
});

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export async function createStudy(db: Queryable, study: NewStudy): Promise<void> {
  await db.query(
    `INSERT INTO studies (id, name, consent_text, created_at, code_hash, max_enrolments, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [study.id, study.name, study.consentText, study.createdAt, study.codeHash, study.maxEnrolments, study.expiresAt],
  );
}

export async function findStudyByCode(db: Queryable, codeHash: string): Promise<StudyRecord | null> {
  const { rows } = await db.query<StudyRow>(`SELECT ${STUDY_COLUMNS} FROM studies WHERE code_hash = $1`, [codeHash]);
  return rows[0] ? toStudy(rows[0]) : null;
}

/** Runs inside the caller's transaction. */
export async function enrol(
  client: pg.PoolClient,
  codeHash: string,
  at: string,
  participantId: string,
  token: NewToken,
): Promise<EnrolOutcome> {
  // The row lock taken by UPDATE makes two collector processes count one after the other: never past the limit.
  const { rows } = await client.query<StudyRow>(
    `UPDATE studies SET enrolments = enrolments + 1
     WHERE code_hash = $1 AND (expires_at IS NULL OR expires_at > $2)
       AND (max_enrolments IS NULL OR enrolments < max_enrolments)
     RETURNING ${STUDY_COLUMNS}`,
    [codeHash, at],
  );
  const row = rows[0];
  if (!row) {
    const study = await findStudyByCode(client, codeHash);
    return study ? enrolmentVerdict(study, at) : { kind: 'unknown' };
  }
  await client.query('INSERT INTO enrolments (participant_id, study_id, enrolled_at) VALUES ($1, $2, $3)', [
    participantId,
    row.id,
    at,
  ]);
  await client.query(
    `INSERT INTO tokens (id, name, scope, participant_id, study_id, hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [token.id, token.name, token.scope, participantId, row.id, token.hash, token.createdAt],
  );
  return { kind: 'enrolled', study: toStudy(row) };
}

export async function listStudies(db: Queryable): Promise<StudySummary[]> {
  const { rows } = await db.query<StudyRow & { withdrawn: number }>(
    `SELECT ${STUDY_COLUMNS.split(', ')
      .map((c) => `s.${c}`)
      .join(', ')},
       (SELECT count(*)::int FROM enrolments e JOIN withdrawn_participants w USING (participant_id)
        WHERE e.study_id = s.id) AS withdrawn
     FROM studies s ORDER BY s.created_at`,
  );
  return rows.map((row) => ({ ...toStudy(row), withdrawn: row.withdrawn }));
}

export async function receipts(db: Queryable, participantId: string): Promise<Receipts> {
  const traces = await db.query<{ n: number; last: Date | null }>(
    'SELECT count(*)::int AS n, max(stored_at) AS last FROM traces WHERE participant_id = $1',
    [participantId],
  );
  const stages = await db.query<{ stage: string; n: number; last: Date }>(
    `SELECT body->>'stage' AS stage, count(*)::int AS n, max(stored_at) AS last
     FROM events WHERE participant_id = $1 GROUP BY 1`,
    [participantId],
  );
  const t = traces.rows[0] ?? { n: 0, last: null };
  const last = [t.last, ...stages.rows.map((s) => s.last)]
    .filter((d) => d !== null)
    .map((d) => d.toISOString())
    .sort();
  return {
    traces: t.n,
    events: stages.rows.reduce((sum, s) => sum + s.n, 0),
    eventsByStage: Object.fromEntries(stages.rows.map((s) => [s.stage, s.n])),
    lastStoredAt: last.at(-1) ?? null,
  };
}
