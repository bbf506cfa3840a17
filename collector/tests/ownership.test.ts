import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../utils/uuidv7';
import { validateItem } from '../src/envelope';
import { openStore } from '../src/store/open';
import { SQLITE_FILE_NAME } from '../src/store/sqlite';
import { exportLines, type IngestAnswer, ingest } from './support/client';
import { item, trace, traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, spawnCollector } from './support/process';
import { storeTargets } from './support/targets';

/** Finding 2 of issue 14: every row has an owner, and nobody else's write reaches it. */
for (const target of storeTargets()) {
  describe.skipIf(!target.available)(`row ownership on ${target.name} (real process)`, () => {
    let env: Record<string, string>;
    let server: CollectorProcess;
    let alice: string;
    let bob: string;
    let team: string;
    let admin: string;

    const stored = async (id: string) => (await exportLines(server.url, admin)).find((line) => line.id === id);

    beforeAll(async () => {
      env = await target.setUp();
      [alice, bob, team, admin] = await Promise.all([
        createToken(env, 'alice', 'ingest', 'p-alice'),
        createToken(env, 'bob', 'ingest', 'p-bob'),
        createToken(env, 'team'),
        createToken(env, 'researcher', 'admin'),
      ]);
      server = await spawnCollector(env);
    });
    afterAll(async () => {
      await server?.stop();
      await target.tearDown();
    });

    it("refuses per item a write to another participant's trace or event, never applies it, and stores the rest", async () => {
      const original = traceWithEvents();
      expect((await ingest(server.url, alice, { batch: original.items })).status).toBe(207);

      const hijacked = { ...original.trace, query: 'written by bob' };
      const forgedEvent = { ...original.events[1]!, value: 0 };
      const bobsOwn = traceWithEvents();
      const batch = [
        bobsOwn.items[0],
        item('trace-upsert', hijacked),
        item('feedback-event', forgedEvent),
        bobsOwn.items[1],
      ];
      const res = await ingest(server.url, bob, { batch });
      expect(res.status).toBe(207);
      const answer = (await res.json()) as IngestAnswer;
      expect(answer.successes.map((s) => [s.id, s.result])).toEqual([
        [bobsOwn.trace.id, 'created'],
        [bobsOwn.events[0]!.id, 'created'],
      ]);
      expect(answer.errors.map((e) => [e.id, e.status, e.reason])).toEqual([
        [original.trace.id, 403, 'owned_by_another_participant'],
        [forgedEvent.id, 403, 'owned_by_another_participant'],
      ]);
      expect(answer.errors[0]?.message).toMatch(/^item 1: .*belongs to another participant/);

      const trace = await stored(original.trace.id);
      expect(trace).toMatchObject({ participantId: 'p-alice', body: { query: original.trace.query } });
      expect((await stored(forgedEvent.id))?.participantId).toBe('p-alice');
      expect((await stored(bobsOwn.trace.id))?.participantId).toBe('p-bob');

      // The owner still updates its own trace.
      const finished = { ...original.trace, query: 'edited by alice' };
      const own = (await (
        await ingest(server.url, alice, { batch: [item('trace-upsert', finished)] })
      ).json()) as IngestAnswer;
      expect(own.successes.map((s) => s.result)).toEqual(['updated']);
      expect((await stored(original.trace.id))?.body).toMatchObject({ query: 'edited by alice' });
    });

    it('treats each unbound token as its own owner, apart from every participant', async () => {
      const teams = trace();
      await ingest(server.url, team, { batch: [item('trace-upsert', teams)] });
      const alices = { ...teams, query: 'alice was here' };
      const byAlice = (await (
        await ingest(server.url, alice, { batch: [item('trace-upsert', alices)] })
      ).json()) as IngestAnswer;
      expect(byAlice.errors.map((e) => e.reason)).toEqual(['owned_by_another_participant']);
      const other = await createToken(env, 'other-team');
      const others = { ...teams, query: 'other team' };
      const byOther = (await (
        await ingest(server.url, other, { batch: [item('trace-upsert', others)] })
      ).json()) as IngestAnswer;
      expect(byOther.errors.map((e) => e.reason)).toEqual(['owned_by_another_participant']);
      expect((await stored(teams.id))?.body).toMatchObject({ query: teams.query });
    });
  });

  describe.skipIf(!target.available)(`ownership migration of a ${target.name} store made before owners`, () => {
    let env: Record<string, string>;
    beforeAll(async () => {
      env = await target.setUp();
    });
    afterAll(() => target.tearDown());

    /** The tables as the collector created them before issue 14 (no owner, no token participant), with rows. */
    const OLD_SCHEMA = `
      CREATE TABLE traces (id TEXT PRIMARY KEY, participant_id TEXT, study_id TEXT, stored_at TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE events (id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, participant_id TEXT, study_id TEXT,
        stored_at TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL, revoked_at TEXT);`;
    const pgSchema = OLD_SCHEMA.replaceAll('stored_at TEXT', 'stored_at TIMESTAMPTZ')
      .replaceAll('body TEXT', 'body JSONB')
      .replaceAll('created_at TEXT', 'created_at TIMESTAMPTZ')
      .replaceAll('revoked_at TEXT', 'revoked_at TIMESTAMPTZ');

    it("gives old rows their header participant as owner, else 'legacy' (which no token is), idempotently", async () => {
      const withParticipant = trace();
      const anonymous = trace();
      const now = new Date().toISOString();
      const rows = [
        [withParticipant.id, 'p-old', JSON.stringify(withParticipant)],
        [anonymous.id, null, JSON.stringify(anonymous)],
      ];
      let query: (sql: string) => Promise<{ id: string; owner: string }[]>;
      let close: () => Promise<void>;
      if (env.DATA_DIR) {
        const db = new Database(path.join(env.DATA_DIR, SQLITE_FILE_NAME));
        db.exec(OLD_SCHEMA);
        for (const row of rows)
          db.prepare('INSERT INTO traces VALUES (?, ?, NULL, ?, ?)').run(row[0], row[1], now, row[2]);
        db.prepare("INSERT INTO tokens VALUES ('t1', 'old', 'ingest', 'h1', ?, NULL)").run(now);
        query = async (sql) => db.prepare(sql).all() as { id: string; owner: string }[];
        close = async () => {
          db.close();
        };
      } else {
        const client = new pg.Client({ connectionString: env.DATABASE_URL });
        await client.connect();
        await client.query(pgSchema);
        for (const row of rows)
          await client.query('INSERT INTO traces VALUES ($1, $2, NULL, $3, $4)', [row[0], row[1], now, row[2]]);
        await client.query("INSERT INTO tokens VALUES ('t1', 'old', 'ingest', 'h1', $1, NULL)", [now]);
        query = async (sql) => (await client.query(sql)).rows;
        close = () => client.end();
      }
      try {
        const config = { dataDir: env.DATA_DIR ?? '', databaseUrl: env.DATABASE_URL };
        for (let run = 0; run < 2; run++) {
          const store = await openStore(config); // migrates; the second run must change nothing
          await store.close();
        }
        const owners = Object.fromEntries((await query('SELECT id, owner FROM traces')).map((r) => [r.id, r.owner]));
        expect(owners).toEqual({ [withParticipant.id]: 'p-old', [anonymous.id]: 'legacy' });
        expect(await query('SELECT participant_id FROM tokens')).toEqual([{ participant_id: null }]);

        const store = await openStore(config);
        try {
          const meta = (owner: string, participantId: string | null) => ({
            owner,
            participantId,
            studyId: null,
            storedAt: new Date().toISOString(),
          });
          const valid = (body: object) => {
            const result = validateItem(item('trace-upsert', body as { id: string }), 0);
            if (!('item' in result)) throw new Error(result.error.message);
            return result.item;
          };
          const changed = (t: typeof anonymous) => valid({ ...t, query: `changed ${uuidv7()}` });
          expect(await store.ingest([changed(anonymous)], meta('token:any', null))).toEqual(['foreign']);
          expect(await store.ingest([changed(anonymous)], meta('p-old', 'p-old'))).toEqual(['foreign']);
          expect(await store.ingest([changed(withParticipant)], meta('p-other', 'p-other'))).toEqual(['foreign']);
          expect(await store.ingest([changed(withParticipant)], meta('p-old', 'p-old'))).toEqual(['updated']);
        } finally {
          await store.close();
        }
      } finally {
        await close();
      }
    });
  });
}
