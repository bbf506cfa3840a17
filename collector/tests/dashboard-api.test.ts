import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from './support/client';
import { item, stageEvents, trace, traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, spawnCollector } from './support/process';
import { storeTargets } from './support/targets';

const SITE = 'google-ai-overview';
const today = () => new Date().toISOString().slice(0, 10);

/** What every dashboard endpoint answers, for comparing before and after a rebuild. */
async function everything(url: string, admin: string, study?: string) {
  const query = study === undefined ? '' : `?study=${encodeURIComponent(study)}`;
  const out: Record<string, unknown> = {};
  for (const path of ['studies', 'participants', 'events-per-day', 'feedback', 'reads', 'refused']) {
    const res = await fetch(`${url}/v1/dashboard/${path}${query}`, { headers: { Authorization: `Bearer ${admin}` } });
    expect(res.status, path).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    delete body.activeSince;
    out[path] = body;
  }
  return out;
}

for (const target of storeTargets()) {
  describe.skipIf(!target.available)(`dashboard data on ${target.name} (real process over HTTP)`, () => {
    let env: Record<string, string>;
    let server: CollectorProcess;
    let admin: string;
    let alice: string;
    let bob: string;
    const get = async (path: string, token = admin) => {
      const res = await fetch(`${server.url}/v1/dashboard/${path}`, { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const send = async (token: string, items: unknown[], study = 'sleep-2026') => {
      const res = await ingest(server.url, token, { batch: items }, { 'X-Stageback-Study': study });
      expect(res.status).toBe(207);
      return res.json() as Promise<{ successes: { result: string }[]; errors: { reason: string }[] }>;
    };

    beforeAll(async () => {
      env = await target.setUp();
      [admin, alice, bob] = await Promise.all([
        createToken(env, 'researcher', 'admin'),
        createToken(env, 'alice', 'ingest', 'alice'),
        createToken(env, 'bob', 'ingest', 'bob'),
      ]);
      await createToken(env, 'carol', 'ingest', 'carol'); // enrolled, never sends anything
      server = await spawnCollector(env);
    });

    afterAll(async () => {
      await server?.stop();
      await target.tearDown();
    });

    it('gives its data to admin tokens only: 401 without a token, 403 for an ingest token', async () => {
      expect((await fetch(`${server.url}/v1/dashboard/studies`)).status).toBe(401);
      const refused = await get('participants', alice);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/admin/);
      expect((await get('exports/csv', alice)).status).toBe(403);
      expect((await get('studies')).status).toBe(200);
    });

    it('counts participants, events per day, feedback by site × stage × label and read outcomes as batches land', async () => {
      const a = traceWithEvents();
      await send(alice, a.items);
      // Bob's answer was still streaming and the retrieval stage failed: a partial read.
      const partial = trace({
        availability: { decomposition: 'not_available', retrieval: 'failed', answer: 'read' },
      });
      await send(bob, [
        item('trace-upsert', partial),
        ...stageEvents(partial.id).map((e) => item('feedback-event', e)),
      ]);
      // A resend changes nothing.
      await send(alice, a.items);

      expect((await get('participants?study=sleep-2026')).body).toMatchObject({ enrolled: 2, active: 2, withdrawn: 0 });
      // Carol holds a token but sent nothing: enrolled across all studies, "silent".
      expect((await get('participants')).body).toMatchObject({ enrolled: 3, active: 2, withdrawn: 0, silent: 1 });
      expect((await get('events-per-day?study=sleep-2026')).body.days).toEqual([
        { day: today(), events: 8, traces: 2 },
      ]);
      expect((await get('feedback?study=sleep-2026')).body.feedback).toEqual([
        { site: SITE, stage: 'answer', label: 'unverifiable', count: 2 },
        { site: SITE, stage: 'decomposition', label: 'too_broad', count: 2 },
        { site: SITE, stage: 'overall', label: 'thumbs_down', count: 2 },
        { site: SITE, stage: 'retrieval', label: 'relevance_3', count: 2 },
      ]);
      expect((await get('reads?study=sleep-2026')).body.reads).toEqual([
        { adapter: SITE, outcome: 'full', count: 1 },
        { adapter: SITE, outcome: 'partial', count: 1 },
      ]);
      expect((await get('studies')).body.studies).toEqual([
        { id: 'sleep-2026', events: 8, traces: 2, participants: 2 },
      ]);
    });

    it('moves a trace to its new read outcome when it is updated', async () => {
      const t = trace({ answer: { text: 'Most', sentences: [], complete: false } });
      await send(alice, [item('trace-upsert', t)], 'updates');
      expect((await get('reads?study=updates')).body.reads).toEqual([{ adapter: SITE, outcome: 'partial', count: 1 }]);
      const done = { ...t, answer: { text: 'Most adults need seven hours.', sentences: [], complete: true } };
      expect((await send(alice, [item('trace-upsert', done)], 'updates')).successes[0]?.result).toBe('updated');
      expect((await get('reads?study=updates')).body.reads).toEqual([{ adapter: SITE, outcome: 'full', count: 1 }]);
      expect((await get('events-per-day?study=updates')).body.days).toEqual([{ day: today(), events: 0, traces: 1 }]);
    });

    it('counts events that arrive before their trace under "not received yet", then under the trace’s site', async () => {
      const t = trace({ siteId: 'perplexity' });
      await send(
        bob,
        stageEvents(t.id).map((e) => item('feedback-event', e)),
        'early',
      );
      const before = (await get('feedback?study=early')).body.feedback as { site: string; count: number }[];
      expect(before.map((f) => [f.site, f.count])).toEqual([
        ['', 1],
        ['', 1],
        ['', 1],
        ['', 1],
      ]);
      await send(bob, [item('trace-upsert', t)], 'early');
      const after = (await get('feedback?study=early')).body.feedback as { site: string; count: number }[];
      expect(after.map((f) => [f.site, f.count])).toEqual([
        ['perplexity', 1],
        ['perplexity', 1],
        ['perplexity', 1],
        ['perplexity', 1],
      ]);
    });

    it('counts refused items per reason: invalid, NUL, another participant’s id, and the unchecked rest', async () => {
      const a = traceWithEvents();
      await send(alice, a.items, 'refusals');
      const [first] = stageEvents(a.trace.id);
      if (!first) throw new Error('stageEvents gave nothing');
      const nul = { ...first, value: { label: 'missing_aspect', text: 'a\u0000b' } };
      const answer = await send(
        bob,
        [
          { id: 'x', timestamp: new Date().toISOString(), type: 'feedback-event', body: { nonsense: true } },
          item('feedback-event', nul),
          item('feedback-event', a.events[0] as { id: string }),
        ],
        'refusals',
      );
      expect(answer.errors.map((e) => e.reason).sort()).toEqual([
        'invalid',
        'nul_character',
        'owned_by_another_participant',
      ]);
      // 1,000 invalid items stop the check; the 5 after them are counted as unchecked.
      const junk = Array.from({ length: 1_005 }, (_, i) => ({ id: `j${i}`, type: 'nope' }));
      await send(bob, junk, 'refusals');
      const refused = (await get('refused?study=refusals')).body.refused as { reason: string; count: number }[];
      expect(Object.fromEntries(refused.map((r) => [r.reason, r.count]))).toEqual({
        invalid: 1_001,
        nul_character: 1,
        owned_by_another_participant: 1,
        unchecked: 5,
      });
    });

    it('subtracts a withdrawn participant’s records and counts the withdrawal', async () => {
      const before = await get('participants?study=sleep-2026');
      expect(before.body).toMatchObject({ enrolled: 2, withdrawn: 0 });
      const res = await fetch(`${server.url}/v1/participants/bob`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${bob}` },
      });
      expect(res.status).toBe(200);
      expect((await get('participants?study=sleep-2026')).body).toMatchObject({ enrolled: 2, active: 1, withdrawn: 1 });
      expect((await get('events-per-day?study=sleep-2026')).body.days).toEqual([
        { day: today(), events: 4, traces: 1 },
      ]);
      expect((await get('reads?study=sleep-2026')).body.reads).toEqual([{ adapter: SITE, outcome: 'full', count: 1 }]);
      expect((await get('feedback?study=early')).body.feedback).toEqual([]);
      const feedback = (await get('feedback?study=sleep-2026')).body.feedback as { count: number }[];
      expect(feedback.every((f) => f.count === 1)).toBe(true);
    });

    it('builds the counters from the stored records when a database from before them is opened', async () => {
      // Across all studies: a withdrawn participant's study is not known once their records are gone, so a rebuild
      // counts their withdrawal under no study.
      const expected = await everything(server.url, admin);
      await server.stop();
      const drop = [
        'DROP TABLE agg_daily',
        'DROP TABLE agg_feedback',
        'DROP TABLE agg_reads',
        'DROP TABLE agg_participants',
        'DROP TABLE agg_refused',
        'DROP TABLE collector_meta',
        'DROP INDEX events_waiting_for_trace',
        'ALTER TABLE events DROP COLUMN site_id',
      ];
      // Bob's withdrawal left no counter row at zero behind, so not even his site's name ('perplexity').
      const leftOfBob = "SELECT count(*) AS n FROM agg_feedback WHERE site_id = 'perplexity' OR count = 0";
      if (env.DATABASE_URL) {
        const client = new pg.Client({ connectionString: env.DATABASE_URL });
        await client.connect();
        expect(Number((await client.query(leftOfBob)).rows[0].n)).toBe(0);
        for (const sql of drop) await client.query(sql);
        await client.end();
      } else {
        const db = new Database(`${env.DATA_DIR}/collector.sqlite`);
        expect(db.prepare(leftOfBob).pluck().get()).toBe(0);
        for (const sql of drop) db.exec(sql);
        db.close();
      }
      server = await spawnCollector(env);
      // Refusals are not stored anywhere but in their counters: a rebuild cannot know them.
      const rebuilt = await everything(server.url, admin);
      expect({ ...rebuilt, refused: expected.refused }).toEqual(expected);
      expect(rebuilt.refused).toEqual({ from: (expected.refused as { from: string }).from, refused: [] });
    });

    it('exports a training format computed on the server with the extension’s formatter', async () => {
      const res = await fetch(`${server.url}/v1/dashboard/exports/kto?study=sleep-2026`, {
        headers: { Authorization: `Bearer ${admin}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(
        /attachment; filename="stageback-kto-\d{4}-\d\d-\d\d\.jsonl"/,
      );
      const rows = (await res.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      // Alice's one answer in the study, thumbs down; Bob's withdrew.
      expect(rows).toEqual([
        {
          // The extension's default prompt: the answer's sources, then the question.
          prompt: expect.stringMatching(
            /^Answer the question using the sources below\.[\s\S]*\n\nQuestion: how much sleep do adults need$/,
          ),
          completion: expect.stringContaining('Most adults'),
          label: false,
        },
      ]);
      expect((await get('exports/nope')).status).toBe(404);
    });
  });
}
