import type { DeltaRows, FeedbackRow, ReadOutcome, ReadRow } from './deltas';

/**
 * SQL both stores run as is: `?` placeholders (PostgreSQL's store numbers them), `INSERT … ON CONFLICT DO UPDATE`
 * (SQLite ≥ 3.24, PostgreSQL ≥ 9.5), ISO text for days and times.
 */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 parameters and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 500;

function upserts<R>(
  rows: readonly R[],
  table: string,
  columns: string[],
  values: (row: R) => unknown[],
  conflict: string[],
  update: string,
): Statement[] {
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    out.push({
      sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}
            ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${update}`,
      params: chunk.flatMap(values),
    });
  }
  return out;
}

/** The counter changes as upserts, table by table in a fixed order, rows sorted: writers lock rows in one order. */
export function deltaStatements(rows: DeltaRows): Statement[] {
  return [
    ...upserts(
      rows.participants,
      'agg_participants',
      ['study_id', 'participant_id', 'events', 'traces', 'last_at'],
      (r) => [r.study, r.participant, r.events, r.traces, r.lastAt],
      ['study_id', 'participant_id'],
      `events = agg_participants.events + excluded.events, traces = agg_participants.traces + excluded.traces,
       last_at = CASE WHEN excluded.last_at IS NOT NULL
                       AND (agg_participants.last_at IS NULL OR excluded.last_at > agg_participants.last_at)
                 THEN excluded.last_at ELSE agg_participants.last_at END`,
    ),
    ...upserts(
      rows.reads,
      'agg_reads',
      ['study_id', 'adapter_id', 'outcome', 'count'],
      (r) => [r.study, r.adapter, r.outcome, r.count],
      ['study_id', 'adapter_id', 'outcome'],
      'count = agg_reads.count + excluded.count',
    ),
    ...upserts(
      rows.feedback,
      'agg_feedback',
      ['study_id', 'site_id', 'stage', 'label', 'count'],
      (r) => [r.study, r.site, r.stage, r.label, r.count],
      ['study_id', 'site_id', 'stage', 'label'],
      'count = agg_feedback.count + excluded.count',
    ),
    ...upserts(
      rows.refused,
      'agg_refused',
      ['study_id', 'day', 'reason', 'count'],
      (r) => [r.study, r.day, r.reason, r.count],
      ['study_id', 'day', 'reason'],
      'count = agg_refused.count + excluded.count',
    ),
    // Last: one row per study and day, the row every batch of a study touches, so it is locked for the shortest time.
    ...upserts(
      rows.daily,
      'agg_daily',
      ['study_id', 'day', 'events', 'traces'],
      (r) => [r.study, r.day, r.events, r.traces],
      ['study_id', 'day'],
      'events = agg_daily.events + excluded.events, traces = agg_daily.traces + excluded.traces',
    ),
  ];
}

/**
 * Marks every row of a withdrawn participant (whose counts the deletion has already subtracted); one who never
 * sent anything gets a row under no study, so the withdrawal is counted. Then drops the counters left at zero.
 */
export function withdrawalStatements(participantId: string, at: string): Statement[] {
  return [
    {
      sql: 'UPDATE agg_participants SET withdrawn_at = ? WHERE participant_id = ? AND withdrawn_at IS NULL',
      params: [at, participantId],
    },
    {
      sql: `INSERT INTO agg_participants (study_id, participant_id, events, traces, last_at, withdrawn_at)
            SELECT '', ?, 0, 0, NULL, ? WHERE NOT EXISTS (SELECT 1 FROM agg_participants WHERE participant_id = ?)`,
      params: [participantId, at, participantId],
    },
    // Rows the withdrawal brought to zero go, so no site or adapter name of theirs is left behind either.
    { sql: 'DELETE FROM agg_feedback WHERE count = 0', params: [] },
    { sql: 'DELETE FROM agg_reads WHERE count = 0', params: [] },
    { sql: 'DELETE FROM agg_daily WHERE events = 0 AND traces = 0', params: [] },
  ];
}

export type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export interface StudySummary {
  /** '' for records sent without a study. */
  id: string;
  events: number;
  traces: number;
  participants: number;
}

export interface ParticipantCounts {
  /** Every participant id known: with records, withdrawn, or holding a token but silent so far. */
  enrolled: number;
  /** Sent something (stored, duplicate or updated) at or after `activeSince` and not withdrawn. */
  active: number;
  withdrawn: number;
  /** Bound to a token but never sent anything (not counted under any study yet). */
  silent: number;
  activeSince: string;
}

export interface DashboardReader {
  studies(): Promise<StudySummary[]>;
  participants(study: string | null, activeSince: string): Promise<ParticipantCounts>;
  eventsPerDay(study: string | null, fromDay: string): Promise<{ day: string; events: number; traces: number }[]>;
  feedback(study: string | null): Promise<FeedbackRow[]>;
  reads(study: string | null): Promise<ReadRow[]>;
  refused(study: string | null, fromDay: string): Promise<{ day: string; reason: string; count: number }[]>;
}

const n = (value: unknown) => Number(value ?? 0);
const s = (value: unknown) => String(value ?? '');

/** `study` null: every study; '' : records without a study. Each query reads one counter table (plus tokens). */
export function dashboardReader(query: Query): DashboardReader {
  const studyFilter = (study: string | null, column = 'study_id') =>
    study === null ? { where: '1 = 1', params: [] as unknown[] } : { where: `${column} = ?`, params: [study] };
  return {
    async studies() {
      const rows = await query(
        `SELECT study_id, sum(events) AS events, sum(traces) AS traces, 0 AS participants FROM agg_daily
         GROUP BY study_id HAVING sum(events) <> 0 OR sum(traces) <> 0
         UNION ALL
         SELECT study_id, 0, 0, count(*) FROM agg_participants WHERE withdrawn_at IS NULL GROUP BY study_id`,
        [],
      );
      const byId = new Map<string, StudySummary>();
      for (const row of rows) {
        const id = s(row.study_id);
        const entry = byId.get(id) ?? { id, events: 0, traces: 0, participants: 0 };
        entry.events += n(row.events);
        entry.traces += n(row.traces);
        entry.participants += n(row.participants);
        byId.set(id, entry);
      }
      return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
    },
    async participants(study, activeSince) {
      const f = studyFilter(study);
      const [counts] = await query(
        `SELECT count(DISTINCT participant_id) AS enrolled,
                count(DISTINCT CASE WHEN withdrawn_at IS NULL AND last_at >= ? THEN participant_id END) AS active,
                count(DISTINCT CASE WHEN withdrawn_at IS NOT NULL THEN participant_id END) AS withdrawn
         FROM agg_participants WHERE ${f.where}`,
        [activeSince, ...f.params],
      );
      // Tokens are few (one or two per participant): this reads the tokens table, not the records.
      const [silent] =
        study === null || study === ''
          ? await query(
              `SELECT count(DISTINCT participant_id) AS silent FROM tokens
               WHERE participant_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM agg_participants a WHERE a.participant_id = tokens.participant_id)`,
              [],
            )
          : [{ silent: 0 }];
      return {
        enrolled: n(counts?.enrolled) + n(silent?.silent),
        active: n(counts?.active),
        withdrawn: n(counts?.withdrawn),
        silent: n(silent?.silent),
        activeSince,
      };
    },
    async eventsPerDay(study, fromDay) {
      const f = studyFilter(study);
      const rows = await query(
        `SELECT day, sum(events) AS events, sum(traces) AS traces FROM agg_daily
         WHERE day >= ? AND ${f.where} GROUP BY day HAVING sum(events) <> 0 OR sum(traces) <> 0 ORDER BY day`,
        [fromDay, ...f.params],
      );
      return rows.map((r) => ({ day: s(r.day), events: n(r.events), traces: n(r.traces) }));
    },
    async feedback(study) {
      const f = studyFilter(study);
      const rows = await query(
        `SELECT site_id, stage, label, sum(count) AS count FROM agg_feedback WHERE ${f.where}
         GROUP BY site_id, stage, label HAVING sum(count) > 0 ORDER BY site_id, stage, label`,
        f.params,
      );
      return rows.map((r) => ({
        study: study ?? '*',
        site: s(r.site_id),
        stage: s(r.stage),
        label: s(r.label),
        count: n(r.count),
      }));
    },
    async reads(study) {
      const f = studyFilter(study);
      const rows = await query(
        `SELECT adapter_id, outcome, sum(count) AS count FROM agg_reads WHERE ${f.where}
         GROUP BY adapter_id, outcome HAVING sum(count) > 0 ORDER BY adapter_id, outcome`,
        f.params,
      );
      return rows.map((r) => ({
        study: study ?? '*',
        adapter: s(r.adapter_id),
        outcome: s(r.outcome) as ReadOutcome,
        count: n(r.count),
      }));
    },
    async refused(study, fromDay) {
      const f = studyFilter(study);
      const rows = await query(
        `SELECT day, reason, sum(count) AS count FROM agg_refused WHERE day >= ? AND ${f.where}
         GROUP BY day, reason HAVING sum(count) > 0 ORDER BY day, reason`,
        [fromDay, ...f.params],
      );
      return rows.map((r) => ({ day: s(r.day), reason: s(r.reason), count: n(r.count) }));
    },
  };
}
