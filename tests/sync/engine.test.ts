import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exportLines } from '../../collector/tests/support/client';
import { type CollectorProcess, createToken, spawnCollector } from '../../collector/tests/support/process';
import { storeTargets } from '../../collector/tests/support/targets';
import { countOutbox } from '../../storage/sync/outbox';
import { makeEvent } from '../../utils/content/make-event';
import { askWhoami, describeWhoami } from '../../utils/sync/whoami';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy';
import { type SyncClient, syncClient } from './support/harness';

for (const target of storeTargets()) {
  describe.skipIf(!target.available)(`sync engine → real collector on ${target.name}`, () => {
    let env: Record<string, string>;
    let collector: CollectorProcess;
    let proxy: FaultProxy;
    let token: string;
    let admin: string;
    const clients: SyncClient[] = [];

    const client = async (overrides = {}) => {
      const c = await syncClient(`${proxy.url}/v1/ingest`, { token, ...overrides });
      clients.push(c);
      return c;
    };
    /** How many times each id is in the collector's export (only the ids asked about). */
    const storedCounts = async (ids: string[]) => {
      const lines = await exportLines(collector.url, admin);
      const counts = new Map(ids.map((id) => [id, 0]));
      for (const line of lines) if (counts.has(line.id)) counts.set(line.id, (counts.get(line.id) ?? 0) + 1);
      return counts;
    };
    const expectExactlyOnce = async (ids: string[]) => {
      const counts = await storedCounts(ids);
      const wrong = [...counts].filter(([, n]) => n !== 1);
      expect(wrong, `${wrong.length} of ${ids.length} ids not stored exactly once`).toEqual([]);
    };
    const restartCollector = async () => {
      collector = await spawnCollector(env);
      proxy.target = collector.url;
    };

    beforeAll(async () => {
      env = {
        ...(await target.setUp()),
        RATE_LIMIT_RPS: '1000',
        RATE_LIMIT_BURST: '1000',
        RATE_LIMIT_ITEMS_PER_SECOND: '1000000',
        RATE_LIMIT_ITEMS_BURST: '1000000',
      };
      // The collector takes the participant from the token.
      [token, admin] = await Promise.all([
        createToken(env, 'browser', 'ingest', 'p-sync-test'),
        createToken(env, 'researcher', 'admin'),
      ]);
      collector = await spawnCollector(env);
      proxy = await startFaultProxy(collector.url);
    });
    afterEach(async () => {
      proxy.fault = { kind: 'pass' };
      for (const c of clients.splice(0)) await c.close();
    });
    afterAll(async () => {
      await proxy?.close();
      await collector?.stop();
      await target.tearDown();
    });

    it('sends every event and its trace once, gzip-compressed, without a participant header (the collector takes it from the token); a second run sends nothing', async () => {
      const c = await client({ studyId: 'study-1' });
      const events = await c.record(30, 40);
      const report = await c.engine.run();
      expect(report).toEqual({ sent: 1_200, dead: 0, retried: 0, stopped: null });
      expect(await countOutbox(c.db)).toMatchObject({ pending: 0, sent: 1_200 });
      const traceIds = [...new Set(events.map((e) => e.traceId))];
      await expectExactlyOnce([...events.map((e) => e.id), ...traceIds]);
      const lines = await exportLines(collector.url, admin);
      expect(lines.find((l) => l.id === events[0]?.id)).toMatchObject({
        participantId: 'p-sync-test',
        studyId: 'study-1',
      });
      const posts = proxy.requests.filter((r) => r.method === 'POST');
      expect(posts.every((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);
      expect(posts.some((r) => 'x-stageback-participant' in r.headers)).toBe(false);
      expect(c.state.value.gzip).toMatchObject({ accepted: true });
      const before = proxy.requests.length;
      expect(await c.engine.run({ force: true })).toEqual({ sent: 0, dead: 0, retried: 0, stopped: null });
      expect(proxy.requests.length).toBe(before);
      expect(await c.db.events.count()).toBe(1_200); // sync never deletes local data
    });

    it('applies the redaction rules: a redacted email never leaves, the local event keeps it', async () => {
      const c = await client();
      c.setRules({ emails: true });
      const email = 'jane.doe@example.org';
      const [comment] = await c.record(1, 0, (traceId) => [
        makeEvent(traceId, {
          stage: 'overall',
          target: { type: 'stage' },
          kind: 'comment',
          value: `mail ${email} please`,
        }),
      ]);
      expect((await c.engine.run()).sent).toBe(1);
      const line = (await exportLines(collector.url, admin)).find((l) => l.id === comment?.id);
      expect(JSON.stringify(line?.body)).not.toContain(email);
      expect((line?.body as { value?: string } | undefined)?.value).toBe(`mail ${'█'.repeat(email.length)} please`);
      expect((await c.db.events.get(comment?.id ?? ''))?.value).toContain(email);
    });

    it('keeps events while the collector is down, then delivers all of them once when it is back', async () => {
      const c = await client();
      const first = await c.record(5, 10);
      proxy.fault = { kind: 'drop' };
      expect(await c.engine.run()).toMatchObject({ sent: 0, retried: 50, stopped: 'retrying' });
      expect(c.state.value).toMatchObject({ condition: 'retrying', failures: 1 });
      const retryAt = c.state.value.retryAt ?? 0;
      expect(retryAt).toBeGreaterThan(Date.now());
      const more = await c.record(5, 10);
      // Before retryAt nothing is tried; after it, the next failure doubles the backoff ceiling.
      const seen = proxy.requests.length;
      expect((await c.engine.run()).stopped).toBe('waiting');
      expect(proxy.requests.length).toBe(seen);
      c.clock.offset = retryAt - Date.now() + 1;
      expect((await c.engine.run()).stopped).toBe('retrying');
      expect(c.state.value.failures).toBe(2);
      proxy.fault = { kind: 'pass' };
      c.clock.offset = (c.state.value.retryAt ?? 0) - Date.now() + 1;
      expect(await c.engine.run()).toMatchObject({ sent: 100, stopped: null });
      expect(c.state.value).toMatchObject({ condition: 'idle', failures: 0, retryAt: null });
      await expectExactlyOnce([...first, ...more].map((e) => e.id));
    });

    it('loses and doubles nothing when the collector is SIGKILLed mid-batch and restarted on the same data', async () => {
      const c = await client();
      const events = await c.record(40, 50); // 2,000 events, two ~1 MB batches
      proxy.fault = {
        kind: 'after-forward',
        hook: async () => {
          await new Promise((r) => setTimeout(r, 5));
          await collector.kill();
        },
      };
      const report = await c.engine.run();
      expect(report.stopped).toBe('retrying');
      proxy.fault = { kind: 'pass' };
      await restartCollector();
      const again = await c.engine.run({ force: true });
      expect(again.stopped).toBeNull();
      expect(await countOutbox(c.db)).toMatchObject({ pending: 0, sent: 2_000, dead: 0 });
      await expectExactlyOnce(events.map((e) => e.id));
    });

    it('retries after a 500 with backoff, and honours Retry-After on 429 (seconds) and 503 (HTTP date)', async () => {
      const c = await client();
      const events = await c.record(2, 5);
      proxy.fault = { kind: 'status', status: 500 };
      expect((await c.engine.run()).stopped).toBe('retrying');
      expect(c.state.value.message).toBe('the collector answered 500');
      proxy.fault = { kind: 'status', status: 429, headers: { 'Retry-After': '7' } };
      let t0 = Date.now();
      expect((await c.engine.run({ force: true })).stopped).toBe('retrying');
      expect(c.state.value.retryAt).toBeGreaterThanOrEqual(t0 + 7_000);
      expect(c.state.value.retryAt).toBeLessThanOrEqual(Date.now() + 7_000);
      const inAMinute = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
      proxy.fault = { kind: 'status', status: 503, headers: { 'Retry-After': inAMinute.toUTCString() } };
      t0 = Date.now();
      expect((await c.engine.run({ force: true })).stopped).toBe('retrying');
      expect(c.state.value.retryAt).toBe(inAMinute.getTime());
      expect((await c.db.outbox.get(events[0]?.id ?? ''))?.nextAttemptAt).toBe(inAMinute.getTime());
      proxy.fault = { kind: 'pass' };
      expect((await c.engine.run()).stopped).toBe('waiting');
      c.clock.offset = 61_000;
      expect((await c.engine.run()).sent).toBe(10);
      await expectExactlyOnce(events.map((e) => e.id));
    });

    it('splits a batch that keeps failing with 500 until the one bad item is alone; the rest is stored, the item waits', async () => {
      const c = await client();
      let first = true;
      const events = await c.record(3, 4, (traceId) => {
        if (!first) return [];
        first = false;
        return [
          makeEvent(traceId, { stage: 'overall', target: { type: 'stage' }, kind: 'comment', value: 'POISON item' }),
        ];
      });
      const poison = events.find((e) => e.kind === 'comment' && e.value === 'POISON item') as (typeof events)[0];
      proxy.fault = { kind: 'fail-if-contains', text: 'POISON', status: 500 };
      // The first two failures retry the whole batch, as for any 500.
      expect((await c.engine.run()).stopped).toBe('retrying');
      expect((await c.engine.run({ force: true })).stopped).toBe('retrying');
      const report = await c.engine.run({ force: true });
      expect(report).toMatchObject({ sent: events.length - 1, retried: 1, dead: 0, stopped: null });
      const row = await c.db.outbox.get(poison.id);
      expect(row).toMatchObject({ state: 'pending', attempts: 3 });
      expect(row?.nextAttemptAt).toBeGreaterThan(Date.now());
      await expectExactlyOnce(events.filter((e) => e.id !== poison.id).map((e) => e.id));
      expect((await storedCounts([poison.id])).get(poison.id)).toBe(0);
      // Once the collector can store it, it goes too.
      proxy.fault = { kind: 'pass' };
      expect(await c.engine.run({ force: true })).toMatchObject({ sent: 1, stopped: null });
      await expectExactlyOnce([poison.id]);
    });

    it('does not split down to every item when the collector answers 500 to everything', async () => {
      const c = await client();
      await c.record(4, 16); // 64 events
      proxy.fault = { kind: 'status', status: 500 };
      expect((await c.engine.run()).stopped).toBe('retrying');
      expect((await c.engine.run({ force: true })).stopped).toBe('retrying');
      const seen = proxy.requests.length;
      expect((await c.engine.run({ force: true })).stopped).toBe('retrying');
      // Halves down to one item (log2 64 = 6 requests after the first), one more lone failure, then it stops.
      expect(proxy.requests.length - seen).toBeLessThanOrEqual(9);
      expect(c.state.value).toMatchObject({ condition: 'retrying', failures: 3 });
      expect(await countOutbox(c.db)).toMatchObject({ pending: 64, sent: 0 });
    });

    it('treats a slow answer as a timeout and retries; the resend is a duplicate, stored once', async () => {
      const c = await client();
      const events = await c.record(2, 5);
      proxy.fault = { kind: 'delay', ms: 1_500 };
      const slow = c.make({ timeoutMs: 300 });
      expect((await slow.run()).stopped).toBe('retrying');
      expect(c.state.value.message).toBe('the collector did not answer in time');
      proxy.fault = { kind: 'pass' };
      // The resend gets an ordinary timeout: 300 ms is the fault being tested, not a budget a busy collector keeps.
      const patient = c.make({ timeoutMs: 10_000 });
      expect((await patient.run({ force: true })).sent).toBe(10);
      await expectExactlyOnce(events.map((e) => e.id));
    });

    it('stops between batches when sync is turned off; the rest stays pending, nothing local goes', async () => {
      const c = await client();
      await c.record(40, 50); // two batches
      let posts = 0;
      const engine = c.make({
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          posts++;
          c.settings.enabled = false; // the user turns sync off while the first batch is in flight
          return res;
        },
      });
      const report = await engine.run();
      expect(report.stopped).toBe('off');
      expect(posts).toBe(1);
      const counts = await countOutbox(c.db);
      expect(counts.sent).toBe(report.sent);
      expect(counts.sent + counts.pending).toBe(2_000);
      expect(counts.pending).toBeGreaterThan(0);
      expect(await c.db.events.count()).toBe(2_000);
    });

    it('falls back to identity encoding on 415 and remembers it for this endpoint', async () => {
      const c = await client();
      await c.record(1, 3);
      proxy.fault = { kind: 'no-gzip' };
      expect((await c.engine.run()).sent).toBe(3);
      expect(c.state.value.gzip).toMatchObject({ accepted: false });
      const seen = proxy.requests.length;
      await c.record(1, 3);
      expect((await c.engine.run()).sent).toBe(3);
      expect(proxy.requests.slice(seen).map((r) => r.headers['content-encoding'])).toEqual([undefined]);
    });

    it('stops on a wrong token (401): stores nothing, burns no retries, and does not try again by itself', async () => {
      const c = await client({ token: 'sbk_wrong' });
      const events = await c.record(1, 4);
      expect((await c.engine.run()).stopped).toBe('token-rejected');
      expect(c.state.value.condition).toBe('token-rejected');
      expect(c.state.value.message).toMatch(/^token rejected \(401\)/);
      expect((await c.db.outbox.get(events[0]?.id ?? ''))?.attempts).toBe(0);
      const seen = proxy.requests.length;
      expect((await c.engine.run()).stopped).toBe('token-rejected');
      expect(proxy.requests.length).toBe(seen);
      const counts = await storedCounts(events.map((e) => e.id));
      expect([...counts.values()].every((n) => n === 0)).toBe(true);
    });

    it('stops as "withdrawn" on 410 (a token revoked by withdrawal) and does not try again by itself', async () => {
      const c = await client();
      const events = await c.record(1, 3);
      proxy.fault = { kind: 'status', status: 410, body: JSON.stringify({ error: 'participant withdrawn' }) };
      expect((await c.engine.run()).stopped).toBe('withdrawn');
      expect(c.state.value).toMatchObject({ condition: 'withdrawn', message: 'participant withdrawn' });
      const seen = proxy.requests.length;
      expect((await c.engine.run()).stopped).toBe('withdrawn');
      expect(proxy.requests.length).toBe(seen);
      expect(await c.db.outbox.get(events[0]?.id ?? '')).toMatchObject({ state: 'pending', attempts: 0 });
    });

    it('whoami: the collector names the participant bound to the token (needs the collector of issue 14)', async () => {
      expect(await askWhoami(`${proxy.url}/v1/ingest`, token)).toEqual({
        kind: 'known',
        scope: 'ingest',
        participantId: 'p-sync-test',
      });
      expect(await askWhoami(`${proxy.url}/v1/ingest`, admin)).toMatchObject({ kind: 'known', participantId: null });
    });

    it('whoami on a collector without it (404) or for a withdrawn token (410) gives a plain answer, never a throw', async () => {
      proxy.fault = { kind: 'status', status: 404, body: JSON.stringify({ error: 'not found' }) };
      const w404 = await askWhoami(`${proxy.url}/v1/ingest`, token);
      expect(w404).toEqual({ kind: 'unsupported' });
      expect(describeWhoami(w404)).toBe('This collector does not say which participant your token belongs to.');
      proxy.fault = { kind: 'status', status: 410 };
      expect(await askWhoami(`${proxy.url}/v1/ingest`, token)).toEqual({ kind: 'withdrawn' });
      proxy.fault = { kind: 'pass' };
      expect(await askWhoami(`${proxy.url}/v1/ingest`, 'sbk_wrong')).toEqual({ kind: 'rejected', status: 401 });
      expect(proxy.requests.at(-1)?.path).toBe('/v1/whoami');
    });

    it('dead-letters an item the collector refuses, with its reason, and sends the rest', async () => {
      const c = await client();
      const [good, bad] = await c.record(1, 0, (traceId) => [
        makeEvent(traceId, { stage: 'overall', target: { type: 'stage' }, kind: 'comment', value: 'fine' }),
        makeEvent(traceId, { stage: 'overall', target: { type: 'stage' }, kind: 'comment', value: 'nul \0 here' }),
      ]);
      expect(await c.engine.run()).toMatchObject({ sent: 1, dead: 1, stopped: null });
      expect(await c.db.outbox.get(bad?.id ?? '')).toMatchObject({
        state: 'dead',
        lastError: expect.stringMatching(/^400: item \d+: .*U\+0000/),
      });
      await expectExactlyOnce([good?.id ?? '']);
      expect((await storedCounts([bad?.id ?? ''])).get(bad?.id ?? '')).toBe(0);
    });

    it('splits a batch the collector finds too large (413) and dead-letters an item too large on its own', async () => {
      // A second process on the same store with a small body limit.
      const small = await spawnCollector({ ...env, MAX_BODY_BYTES: '150000' });
      try {
        const c = await syncClient(`${small.url}/v1/ingest`, { token });
        clients.push(c);
        const huge = 'x'.repeat(190_000);
        const events = await c.record(10, 100, (traceId) => [
          makeEvent(traceId, {
            stage: 'answer',
            target: { type: 'stage' },
            kind: 'edit',
            value: { op: 'correct_answer', before: null, after: huge },
          }),
        ]);
        // Incompressible enough that gzip does not hide the size: the limit holds after decompression too.
        const report = await c.engine.run();
        expect(report).toMatchObject({ sent: 1_000, dead: 10, stopped: null });
        const dead = await c.db.outbox
          .where('[state+nextAttemptAt]')
          .between(['dead', 0], ['dead', Infinity])
          .toArray();
        expect(dead.every((d) => d.lastError?.startsWith('413: '))).toBe(true);
        await expectExactlyOnce(events.filter((e) => e.kind !== 'edit').map((e) => e.id));
      } finally {
        await small.stop();
      }
    });
  });
}
