import { LEGACY_OWNER } from '../tokens';

/** A column added after the first release, and the statements that add (and fill) it on an older database. */
export interface ColumnUpgrade {
  table: string;
  column: string;
  sql: string[];
}

/**
 * The columns both stores added after the first release (same SQL in SQLite and PostgreSQL): rows get an owner
 * (their header participant, else `legacy`, which no token is), tokens a participant and a study (none).
 */
export const COLUMN_UPGRADES: readonly ColumnUpgrade[] = [
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
