import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/tokens';
import { exportLines, type IngestAnswer, ingest } from './support/client';
import { traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, spawnCollector } from './support/process';
import { storeTargets } from './support/targets';

/**
 * What the security review found solid in the collector, kept as regression tests against the real process
 * (its default limits, its CLI) on each store. See docs/security-tests.md.
 */
for (const target of storeTargets()) {
  describe.skipIf(!target.available)(`what held up, on ${target.name} (real process over HTTP)`, () => {
    let env: Record<string, string>;
    let server: CollectorProcess;
    let token: string;
    let admin: string;

    beforeAll(async () => {
      env = await target.setUp();
      [token, admin] = await Promise.all([createToken(env, 'extension'), createToken(env, 'researcher', 'admin')]);
      server = await spawnCollector(env);
    });
    afterAll(async () => {
      await server?.stop();
      await target.tearDown();
    });

    /** Everything the store holds about tokens, as text: the SQLite files byte for byte, or PostgreSQL's rows. */
    async function storedTokenData(): Promise<string> {
      if (env.DATA_DIR) {
        const dir = env.DATA_DIR;
        const files = await readdir(dir);
        const contents = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'latin1')));
        return contents.join('\n');
      }
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        return JSON.stringify((await client.query('SELECT * FROM tokens')).rows);
      } finally {
        await client.end();
      }
    }

    it('stores tokens as SHA-256 hashes: no secret is anywhere in the store', async () => {
      const data = await storedTokenData();
      for (const secret of [token, admin]) {
        expect(data.includes(secret), 'a token secret is stored').toBe(false);
        expect(data.includes(secret.slice(4)), 'a token secret (without its prefix) is stored').toBe(false);
        expect(data).toContain(hashToken(secret));
      }
    });

    it('answers 413 to a gzip bomb at its default body limit, and goes on serving', async () => {
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '));
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024); // under the 2 MiB limit on the wire
      const res = await ingest(server.url, token, bomb, { 'Content-Encoding': 'gzip' });
      expect(res.status).toBe(413);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await ingest(server.url, token, { batch: traceWithEvents().items })).status).toBe(207);
    });

    it('stores each item exactly once when 20 identical batches arrive in parallel', async () => {
      const { items } = traceWithEvents();
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => ingest(server.url, token, { batch: items })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(207));
      const answers = (await Promise.all(responses.map((r) => r.json()))) as IngestAnswer[];
      for (const answer of answers) expect(answer.errors).toEqual([]);
      for (const { id } of items) {
        const results = answers.map((a) => a.successes.find((s) => s.id === id)?.result);
        expect(
          results.filter((r) => r === 'created'),
          id,
        ).toHaveLength(1);
        expect(
          results.filter((r) => r === 'duplicate'),
          id,
        ).toHaveLength(19);
      }
      const lines = await exportLines(server.url, admin);
      for (const { id } of items) expect(lines.filter((line) => line.id === id)).toHaveLength(1);
    });
  });
}
