import type Database from 'better-sqlite3';
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
  created_at TEXT NOT NULL,
  code_hash TEXT NOT NULL UNIQUE,
  max_enrolments INTEGER,
  expires_at TEXT,
  enrolments INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS enrolments (
  participant_id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL,
  enrolled_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS enrolments_study ON enrolments (study_id);
`;

interface StudyRow {
  id: string;
  name: string;
  consent_text: string;
  created_at: string;
  max_enrolments: number | null;
  expires_at: string | null;
  enrolments: number;
}

const STUDY_COLUMNS = 'id, name, consent_text, created_at, max_enrolments, expires_at, enrolments';

const toStudy = (row: StudyRow): StudyRecord => ({
  id: row.id,
  name: row.name,
  consentText: row.consent_text,
  createdAt: row.created_at,
  maxEnrolments: row.max_enrolments,
  expiresAt: row.expires_at,
  enrolments: row.enrolments,
});

export function createStudy(db: Database.Database, study: NewStudy): void {
  db.prepare(
    `INSERT INTO studies (id, name, consent_text, created_at, code_hash, max_enrolments, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(study.id, study.name, study.consentText, study.createdAt, study.codeHash, study.maxEnrolments, study.expiresAt);
}

export function findStudyByCode(db: Database.Database, codeHash: string): StudyRecord | null {
  const row = db.prepare(`SELECT ${STUDY_COLUMNS} FROM studies WHERE code_hash = ?`).get(codeHash) as
    | StudyRow
    | undefined;
  return row ? toStudy(row) : null;
}

export function enrol(
  db: Database.Database,
  codeHash: string,
  at: string,
  participantId: string,
  token: NewToken,
): EnrolOutcome {
  // IMMEDIATE: the count is read and raised under the write lock, so two processes cannot both take the last place.
  return db
    .transaction((): EnrolOutcome => {
      const study = findStudyByCode(db, codeHash);
      if (!study) return { kind: 'unknown' };
      const verdict = enrolmentVerdict(study, at);
      if (verdict.kind !== 'enrolled') return verdict;
      db.prepare('UPDATE studies SET enrolments = enrolments + 1 WHERE id = ?').run(study.id);
      db.prepare('INSERT INTO enrolments (participant_id, study_id, enrolled_at) VALUES (?, ?, ?)').run(
        participantId,
        study.id,
        at,
      );
      db.prepare(
        `INSERT INTO tokens (id, name, scope, participant_id, study_id, hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(token.id, token.name, token.scope, participantId, study.id, token.hash, token.createdAt);
      return { kind: 'enrolled', study: { ...study, enrolments: study.enrolments + 1 } };
    })
    .immediate();
}

export function listStudies(db: Database.Database): StudySummary[] {
  const rows = db
    .prepare(
      `SELECT ${STUDY_COLUMNS.split(', ')
        .map((c) => `s.${c}`)
        .join(', ')},
         (SELECT count(*) FROM enrolments e JOIN withdrawn_participants w USING (participant_id)
          WHERE e.study_id = s.id) AS withdrawn
       FROM studies s ORDER BY s.created_at`,
    )
    .all() as (StudyRow & { withdrawn: number })[];
  return rows.map((row) => ({ ...toStudy(row), withdrawn: row.withdrawn }));
}

export function receipts(db: Database.Database, participantId: string): Receipts {
  const traces = db
    .prepare('SELECT count(*) AS n, max(stored_at) AS last FROM traces WHERE participant_id = ?')
    .get(participantId) as { n: number; last: string | null };
  const stages = db
    .prepare(
      `SELECT json_extract(body, '$.stage') AS stage, count(*) AS n, max(stored_at) AS last
       FROM events WHERE participant_id = ? GROUP BY stage`,
    )
    .all(participantId) as { stage: string; n: number; last: string }[];
  const eventsByStage = Object.fromEntries(stages.map((s) => [s.stage, s.n]));
  const last = [traces.last, ...stages.map((s) => s.last)].filter((t) => t !== null).sort();
  return {
    traces: traces.n,
    events: stages.reduce((sum, s) => sum + s.n, 0),
    eventsByStage,
    lastStoredAt: last.at(-1) ?? null,
  };
}
