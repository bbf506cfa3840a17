import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../utils/uuidv7';
import { SQLITE_FILE_NAME } from '../src/store/sqlite';
import { ingest } from './support/client';
import { eventItems, item, trace } from './support/items';
import { type CollectorProcess, createToken, spawnCollector } from './support/process';
import { sqliteTarget } from './support/targets';

/** Finding 5 of issue 14: after a withdrawal, nothing of the participant's records is left in the SQLite files. */
describe('SQLite files after a withdrawal (real process)', () => {
  const target = sqliteTarget();
  let env: Record<string, string>;
  let server: CollectorProcess;

  /** Where the marker occurs in the main file, its -wal and its -shm (files that do not exist count as clean). */
  const filesHolding = async (marker: string) => {
    const found: string[] = [];
    for (const suffix of ['', '-wal', '-shm']) {
      const file = path.join(env.DATA_DIR as string, SQLITE_FILE_NAME + suffix);
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      if (bytes.includes(Buffer.from(marker, 'utf8'))) found.push(`${SQLITE_FILE_NAME}${suffix}`);
    }
    return found;
  };

  beforeAll(async () => {
    env = await target.setUp();
    server = await spawnCollector(env);
  });
  afterAll(async () => {
    await server?.stop();
    await target.tearDown();
  });

  it("leaves no trace of a withdrawn participant's text in the main file, -wal or -shm", async () => {
    const participant = `p-${uuidv7()}`;
    const token = await createToken(env, 'leaving', 'ingest', participant);
    const other = await createToken(env, 'staying', 'ingest', `p-${uuidv7()}`);
    const marker = `zq-secret-marker-${uuidv7()}`;
    const withMarker = trace({ query: `how do I treat ${marker}` });
    // Enough rows before and after that the participant's rows share pages with others and some reach the main file.
    await ingest(server.url, other, { batch: eventItems(300) });
    expect(
      (await ingest(server.url, token, { batch: [item('trace-upsert', withMarker), ...eventItems(50, withMarker.id)] }))
        .status,
    ).toBe(207);
    await ingest(server.url, other, { batch: eventItems(300) });
    expect(await filesHolding(marker)).not.toEqual([]); // the check can see it while it is stored

    const res = await fetch(`${server.url}/v1/participants/${participant}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await filesHolding(marker)).toEqual([]);
  });
});
