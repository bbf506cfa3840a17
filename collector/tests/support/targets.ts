import { rm } from 'node:fs/promises';
import pg from 'pg';
import { tempDataDir } from './process';

/** A store the contract suite runs against: the environment the collector process gets, and cleanup. */
export interface StoreTarget {
  name: 'SQLite' | 'PostgreSQL';
  available: boolean;
  setUp(): Promise<Record<string, string>>;
  tearDown(): Promise<void>;
}

export function sqliteTarget(): StoreTarget {
  let dataDir: string | undefined;
  return {
    name: 'SQLite',
    available: true,
    setUp: async () => {
      dataDir = tempDataDir();
      return { DATA_DIR: dataDir };
    },
    tearDown: async () => {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh schema per run in the TEST_DATABASE_URL database, chosen through search_path and dropped afterwards. */
export function postgresTarget(): StoreTarget {
  const base = process.env.TEST_DATABASE_URL;
  const schema = `stageback_test_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL',
    available: Boolean(base),
    setUp: async () => {
      await admin(`CREATE SCHEMA ${schema}`);
      const url = new URL(base as string);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return { DATABASE_URL: url.toString() };
    },
    tearDown: async () => {
      if (base) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

export function storeTargets(): StoreTarget[] {
  const targets = [sqliteTarget(), postgresTarget()];
  if (!process.env.TEST_DATABASE_URL) {
    console.warn(
      'collector tests: TEST_DATABASE_URL is not set, so the PostgreSQL cases are SKIPPED (SQLite cases run). ' +
        'Set it, e.g. TEST_DATABASE_URL=postgres://stageback:stageback@127.0.0.1:5432/stageback_test, to run them.',
    );
  }
  return targets;
}
