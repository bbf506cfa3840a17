import path from 'node:path';

export interface Limits {
  /** Request body bytes, checked before and after gzip decompression. */
  maxBodyBytes: number;
  /** Items in one batch. */
  maxBatchItems: number;
}

export interface RateLimitOptions {
  /** Sustained requests per second per token. */
  ratePerSecond: number;
  /** Requests a token may make in a burst before it is throttled. */
  burst: number;
  /** Sustained batch items per second per token: what validation and storage cost grows with. */
  itemsPerSecond: number;
  /** Items a token may send in a burst; never less than `maxBatchItems`, so the largest batch can pass. */
  itemsBurst: number;
  /** Keep the buckets in PostgreSQL, shared by every collector process on the database (RATE_LIMIT_SHARED=1). */
  shared?: boolean;
}

export interface CollectorConfig {
  port: number;
  host: string;
  /** Where the SQLite file lives when `databaseUrl` is not set. */
  dataDir: string;
  databaseUrl: string | undefined;
  limits: Limits;
  rateLimit: RateLimitOptions;
  /**
   * Extension ids allowed as CORS origins (Chrome's 32 letters a–p, Firefox's per-install UUID); null allows
   * every extension origin.
   */
  allowedExtensionIds: string[] | null;
  /** Enrolment requests per client address (ENROL_RATE_PER_MINUTE, ENROL_BURST); unset: routes/enrol.ts's. */
  enrolRateLimit?: { ratePerSecond: number; burst: number };
  /** The collector's address as participants reach it (PUBLIC_URL), for enrolment links. */
  publicUrl?: string;
  /** Each study's offered taught sites, as `<study id>.json` files (STUDY_RULES_DIR). */
  studyRulesDir?: string;
}

export const DEFAULT_LIMITS: Limits = { maxBodyBytes: 2 * 1024 * 1024, maxBatchItems: 10_000 };
export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  ratePerSecond: 10,
  burst: 60,
  itemsPerSecond: 2_000,
  itemsBurst: 20_000,
};
export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '../data');

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, allowZero = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  }
  return value;
}

const CHROME_EXTENSION_ID = /^[a-p]{32}$/;
const FIREFOX_INTERNAL_UUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

/** `ALLOWED_EXTENSION_IDS=id1,id2`: Chrome extension ids and Firefox internal UUIDs; unset or empty allows any. */
function extensionIds(env: NodeJS.ProcessEnv): string[] | null {
  const raw = env.ALLOWED_EXTENSION_IDS?.trim();
  if (!raw) return null;
  const ids = raw
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  for (const id of ids) {
    if (!CHROME_EXTENSION_ID.test(id) && !FIREFOX_INTERNAL_UUID.test(id)) {
      throw new Error(
        `ALLOWED_EXTENSION_IDS: "${id}" is neither a Chrome extension id (32 letters a–p) nor a Firefox internal UUID`,
      );
    }
  }
  return ids;
}

/** RATE_LIMIT_SHARED=1 (or true): the buckets live in PostgreSQL, so it needs DATABASE_URL. */
function sharedRateLimit(env: NodeJS.ProcessEnv): boolean {
  const raw = env.RATE_LIMIT_SHARED?.trim().toLowerCase();
  if (!raw || raw === '0' || raw === 'false') return false;
  if (raw !== '1' && raw !== 'true')
    throw new Error(`RATE_LIMIT_SHARED must be 1 or 0, got "${env.RATE_LIMIT_SHARED}"`);
  if (!env.DATABASE_URL) {
    throw new Error(
      'RATE_LIMIT_SHARED=1 keeps the rate limits in PostgreSQL: set DATABASE_URL too (SQLite is one process)',
    );
  }
  return true;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  const port = positiveNumber(env, 'PORT', 8787, true);
  if (!Number.isInteger(port) || port > 65_535) throw new Error(`PORT must be an integer port number, got "${port}"`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || DEFAULT_DATA_DIR),
    databaseUrl: env.DATABASE_URL || undefined,
    limits: {
      maxBodyBytes: positiveNumber(env, 'MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes),
      maxBatchItems: positiveNumber(env, 'MAX_BATCH_ITEMS', DEFAULT_LIMITS.maxBatchItems),
    },
    rateLimit: {
      ratePerSecond: positiveNumber(env, 'RATE_LIMIT_RPS', DEFAULT_RATE_LIMIT.ratePerSecond),
      burst: positiveNumber(env, 'RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT.burst),
      itemsPerSecond: positiveNumber(env, 'RATE_LIMIT_ITEMS_PER_SECOND', DEFAULT_RATE_LIMIT.itemsPerSecond),
      itemsBurst: positiveNumber(env, 'RATE_LIMIT_ITEMS_BURST', DEFAULT_RATE_LIMIT.itemsBurst),
      shared: sharedRateLimit(env),
    },
    allowedExtensionIds: extensionIds(env),
    ...(env.ENROL_RATE_PER_MINUTE || env.ENROL_BURST
      ? {
          enrolRateLimit: {
            ratePerSecond: positiveNumber(env, 'ENROL_RATE_PER_MINUTE', 10) / 60,
            burst: positiveNumber(env, 'ENROL_BURST', 10),
          },
        }
      : {}),
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    ...(env.STUDY_RULES_DIR ? { studyRulesDir: path.resolve(env.STUDY_RULES_DIR) } : {}),
  };
}
