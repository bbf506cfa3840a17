/**
 * The dashboard's counter tables, the same in both stores (days and times are ISO text, counts 64-bit). Every
 * dashboard request reads only these and the tokens table, never traces or events; see deltas.ts for what each
 * counts and docs/collector.md#dashboard for what the page shows.
 */
export const AGGREGATE_TABLES = `
CREATE TABLE IF NOT EXISTS agg_daily (
  study_id TEXT NOT NULL,
  day TEXT NOT NULL,
  events BIGINT NOT NULL DEFAULT 0,
  traces BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (study_id, day)
);
CREATE TABLE IF NOT EXISTS agg_feedback (
  study_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  label TEXT NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (study_id, site_id, stage, label)
);
CREATE TABLE IF NOT EXISTS agg_reads (
  study_id TEXT NOT NULL,
  adapter_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (study_id, adapter_id, outcome)
);
CREATE TABLE IF NOT EXISTS agg_participants (
  study_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  events BIGINT NOT NULL DEFAULT 0,
  traces BIGINT NOT NULL DEFAULT 0,
  last_at TEXT,
  withdrawn_at TEXT,
  PRIMARY KEY (study_id, participant_id)
);
CREATE INDEX IF NOT EXISTS agg_participants_participant ON agg_participants (participant_id);
CREATE TABLE IF NOT EXISTS agg_refused (
  study_id TEXT NOT NULL,
  day TEXT NOT NULL,
  reason TEXT NOT NULL,
  count BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (study_id, day, reason)
);
CREATE TABLE IF NOT EXISTS collector_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/**
 * The site an event counts under is its trace's, fixed when the event is stored or, if the trace comes later,
 * when it arrives; the partial index finds the events still waiting for their trace.
 */
export const EVENT_SITE_COLUMN = 'ALTER TABLE events ADD COLUMN site_id TEXT';
export const EVENT_SITE_INDEX =
  'CREATE INDEX IF NOT EXISTS events_waiting_for_trace ON events (trace_id) WHERE site_id IS NULL';

/** Set in collector_meta once the counters have been built from the rows stored before they existed. */
export const AGGREGATES_BUILT = 'aggregates_built';

/** Days the events-per-day chart covers by default, and at most. */
export const DEFAULT_DAYS = 90;
export const MAX_DAYS = 3_660;
/** "Active": sent something within this many days. */
export const ACTIVE_DAYS = 7;
