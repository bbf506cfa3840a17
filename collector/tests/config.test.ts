import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, readConfig } from '../src/config';
import { REPO_ROOT } from './support/process';

describe('configuration from the environment', () => {
  it('defaults to SQLite in collector/data on 127.0.0.1:8787', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 8787, host: '127.0.0.1', databaseUrl: undefined });
    expect(config.dataDir).toBe(DEFAULT_DATA_DIR);
    expect(DEFAULT_DATA_DIR).toBe(path.join(REPO_ROOT, 'collector/data'));
    expect(config.limits.maxBodyBytes).toBe(2 * 1024 * 1024);
  });

  it('reads PORT, HOST, DATA_DIR, DATABASE_URL and the limits, and refuses nonsense', () => {
    const config = readConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u@h/db',
      RATE_LIMIT_RPS: '2',
    });
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: '/tmp/x', databaseUrl: 'postgres://u@h/db' });
    expect(config.rateLimit.ratePerSecond).toBe(2);
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT must be/);
    expect(() => readConfig({ MAX_BODY_BYTES: '0' })).toThrow(/MAX_BODY_BYTES must be a positive number/);
  });

  it('shares rate limits through the database only when asked, and only with PostgreSQL', () => {
    expect(readConfig({}).rateLimit.shared).toBe(false);
    expect(readConfig({ RATE_LIMIT_SHARED: '1', DATABASE_URL: 'postgres://u@h/db' }).rateLimit.shared).toBe(true);
    expect(() => readConfig({ RATE_LIMIT_SHARED: '1' })).toThrow(/set DATABASE_URL too/);
    expect(() => readConfig({ RATE_LIMIT_SHARED: 'yes', DATABASE_URL: 'postgres://u@h/db' })).toThrow(
      /RATE_LIMIT_SHARED must be 1 or 0/,
    );
  });
});
