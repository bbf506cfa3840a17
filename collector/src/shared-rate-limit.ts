import type pg from 'pg';
import type { BucketOptions, Limiter, Verdict } from './rate-limit';

/** One row per bucket: every collector process on the database takes from the same one. */
export const RATE_BUCKETS_TABLE = `
CREATE TABLE IF NOT EXISTS rate_buckets (
  key TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  allowed BOOLEAN NOT NULL
);
`;

/**
 * The token bucket of rate-limit.ts kept in PostgreSQL (RATE_LIMIT_SHARED=1), so N processes behind a load
 * balancer give a token N times nothing more. One statement per take: it refills by the database's clock (the
 * processes' clocks do not matter), takes if it can, and says whether it did; the row lock orders concurrent
 * takes of one key. Runs as a single autocommit statement, so it works through PgBouncer in transaction mode.
 */
export class PostgresRateLimiter implements Limiter {
  constructor(
    private readonly pool: pg.Pool,
    /** Keeps the request and item buckets of one token apart. */
    private readonly prefix: string,
    private readonly options: BucketOptions,
  ) {}

  async take(key: string, cost = 1): Promise<Verdict> {
    const { ratePerSecond, burst } = this.options;
    const refilled = `least($2::float8, b.tokens + extract(epoch FROM clock_timestamp() - b.updated_at) * $4::float8)`;
    const { rows } = await this.pool.query<{ tokens: number; allowed: boolean }>(
      `INSERT INTO rate_buckets AS b (key, tokens, updated_at, allowed)
       VALUES ($1, CASE WHEN $2::float8 >= $3::float8 THEN $2::float8 - $3::float8 ELSE $2::float8 END,
               clock_timestamp(), $2::float8 >= $3::float8)
       ON CONFLICT (key) DO UPDATE SET
         tokens = CASE WHEN ${refilled} >= $3::float8 THEN ${refilled} - $3::float8 ELSE ${refilled} END,
         allowed = ${refilled} >= $3::float8,
         updated_at = clock_timestamp()
       RETURNING tokens, allowed`,
      [`${this.prefix}:${key}`, burst, cost, ratePerSecond],
    );
    const row = rows[0];
    if (!row || row.allowed) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - row.tokens) / ratePerSecond)) };
  }
}
