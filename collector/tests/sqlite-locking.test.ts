import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME, SqliteStore } from '../src/store/sqlite';
import { tempDataDir } from './support/process';

const HOLD_MS = 400;
/** Another process in the middle of a write: the CLI making a token while the server starts, say. */
const HOLD_WRITE_LOCK = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
db.prepare('INSERT INTO t VALUES (1)').run();
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${HOLD_MS});
`;

let holder: ChildProcess | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  holder?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function holdWriteLock(file: string): Promise<void> {
  holder = spawn(process.execPath, ['-e', HOLD_WRITE_LOCK, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stdout = holder.stdout;
  if (!stdout) throw new Error('no stdout from the lock holder');
  const [chunk] = await once(stdout, 'data');
  expect(String(chunk)).toBe('locked\n');
}

describe('SQLite store opened while another process writes to the file', () => {
  it('waits for the write to end and switches the file to WAL, instead of failing with "database is locked"', async () => {
    dataDir = tempDataDir();
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    const created = new Database(file); // a file not yet in WAL, as a first open finds it
    created.exec('CREATE TABLE t (x)');
    created.close();
    await holdWriteLock(file);

    const started = performance.now();
    const store = new SqliteStore(dataDir);
    expect(performance.now() - started).toBeGreaterThan(HOLD_MS / 2);
    await store.migrate();
    await store.close();

    const reopened = new Database(file, { readonly: true });
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reopened.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    reopened.close();
  });
});
