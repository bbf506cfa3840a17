import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../utils/uuidv7';
import { exportLines, type IngestAnswer, ingest } from './support/client';
import { eventItems, item, trace, traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, REPO_ROOT, runCli, spawnCollector } from './support/process';
import { storeTargets } from './support/targets';

const CHROME_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX_ORIGIN = 'moz-extension://3f2a6c1e-8b4d-4f5a-9c2e-1d7b6a5e4f30';

for (const target of storeTargets()) {
  describe.skipIf(!target.available)(`collector contract on ${target.name} (real process over HTTP)`, () => {
    let env: Record<string, string>;
    let server: CollectorProcess;
    let token: string;
    let admin: string;

    const storedIds = async () => new Set((await exportLines(server.url, admin)).map((line) => line.id));

    beforeAll(async () => {
      env = await target.setUp();
      // The CLI migrates the store itself, so tokens can be created before the first serve.
      [token, admin] = await Promise.all([createToken(env, 'extension'), createToken(env, 'researcher', 'admin')]);
      server = await spawnCollector(env);
    });

    afterAll(async () => {
      await server?.stop();
      await target.tearDown();
    });

    it('answers /healthz without a token', async () => {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', store: target.name === 'SQLite' ? 'sqlite' : 'postgres' });
    });

    it('accepts docs/examples/batch.json in full', async () => {
      const example = JSON.parse(await readFile(path.join(REPO_ROOT, 'docs/examples/batch.json'), 'utf8'));
      const res = await ingest(server.url, token, example);
      expect(res.status).toBe(207);
      const answer = (await res.json()) as IngestAnswer;
      expect(answer.errors).toEqual([]);
      expect(answer.successes).toHaveLength(example.batch.length);
      expect(answer.successes.every((s) => s.status === 201)).toBe(true);
    });

    it('stores a batch once and reports a resend as duplicates', async () => {
      const { items } = traceWithEvents();
      const first = (await (await ingest(server.url, token, { batch: items })).json()) as IngestAnswer;
      expect(first.successes.map((s) => [s.id, s.status, s.result])).toEqual(items.map((i) => [i.id, 201, 'created']));
      const again = (await (await ingest(server.url, token, { batch: items })).json()) as IngestAnswer;
      expect(again.errors).toEqual([]);
      expect(again.successes.map((s) => [s.id, s.status, s.result])).toEqual(
        items.map((i) => [i.id, 200, 'duplicate']),
      );
      const lines = await exportLines(server.url, admin);
      for (const { id } of items) expect(lines.filter((line) => line.id === id)).toHaveLength(1);
    });

    it('reports an event sent twice in one batch as created, then duplicate', async () => {
      const [event] = eventItems(1);
      const answer = (await (await ingest(server.url, token, { batch: [event, event] })).json()) as IngestAnswer;
      expect(answer.successes.map((s) => s.result)).toEqual(['created', 'duplicate']);
    });

    it('updates a trace whose content changed and reports an unchanged one as duplicate', async () => {
      const streaming = trace({ answer: { text: 'Most adults', sentences: [], complete: false } });
      await ingest(server.url, token, { batch: [item('trace-upsert', streaming)] });
      const done = { ...streaming, answer: { text: 'Most adults need seven hours.', sentences: [], complete: true } };
      const res = await ingest(server.url, token, { batch: [item('trace-upsert', done), item('trace-upsert', done)] });
      const answer = (await res.json()) as IngestAnswer;
      expect(answer.successes.map((s) => [s.status, s.result])).toEqual([
        [200, 'updated'],
        [200, 'duplicate'],
      ]);
      const stored = (await exportLines(server.url, admin)).filter((line) => line.id === streaming.id);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.body).toMatchObject({ answer: { complete: true } });
    });

    it('answers per item for a mixed batch and stores the valid items', async () => {
      const { items } = traceWithEvents();
      const badKind = { ...items[1]!, id: uuidv7(), body: { ...(items[1]!.body as object), kind: 'nonsense' } };
      // A decomposition label moved to the overall stage, where it does not belong.
      const wrongStage = { ...items[1]!, body: { ...(items[1]!.body as object), stage: 'overall' } };
      const mismatchedId = { ...items[3]!, id: uuidv7() };
      const notAnItem = 'hello';
      const batch = [items[0], badKind, wrongStage, mismatchedId, notAnItem, items[4]];
      const res = await ingest(server.url, token, { batch });
      expect(res.status).toBe(207);
      const answer = (await res.json()) as IngestAnswer;
      expect(answer.successes.map((s) => s.id)).toEqual([items[0]!.id, items[4]!.id]);
      expect(answer.errors.map((e) => [e.id, e.status])).toEqual([
        [badKind.id, 400],
        [wrongStage.id, 400],
        [mismatchedId.id, 400],
        [null, 400],
      ]);
      expect(answer.errors[0]?.message).toMatch(/item 1: invalid feedback-event body: body\.kind/);
      expect(answer.errors[1]?.message).toMatch(/does not belong to stage "overall"/);
      expect(answer.errors[2]?.message).toMatch(/must equal body\.id/);
      const ids = await storedIds();
      expect(ids.has(items[0]!.id) && ids.has(items[4]!.id)).toBe(true);
      expect(ids.has(items[1]!.id) || ids.has(items[3]!.id) || ids.has(badKind.id)).toBe(false);
    });

    it('rejects malformed JSON and non-batches with 400 and stores nothing', async () => {
      const before = (await exportLines(server.url, admin)).length;
      const { items } = traceWithEvents();
      const truncated = JSON.stringify({ batch: items }).slice(0, -20);
      const res = await ingest(server.url, token, truncated);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/not valid JSON/);
      const notBatch = await ingest(server.url, token, { events: items });
      expect(notBatch.status).toBe(400);
      expect((await notBatch.json()).error).toMatch(/expected \{"batch": \[\.\.\.\]\}/);
      expect((await exportLines(server.url, admin)).length).toBe(before);
    });

    it('rejects an oversized body with 413 and stores nothing', async () => {
      const items = eventItems(9_000); // about 3 MB, over the 2 MB limit
      const res = await ingest(server.url, token, { batch: items });
      expect(res.status).toBe(413);
      expect((await res.json()).error).toMatch(/exceeds the limit of 2097152 bytes/);
      expect((await storedIds()).has(items[0]!.id)).toBe(false);
    });

    it('answers 401 to a wrong or missing token and stores nothing', async () => {
      const { items } = traceWithEvents();
      const wrong = await ingest(server.url, `${token.slice(0, -2)}xx`, { batch: items });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
      const missing = await ingest(server.url, null, { batch: items });
      expect(missing.status).toBe(401);
      const ids = await storedIds();
      expect(items.some((i) => ids.has(i.id))).toBe(false);
    });

    it('accepts a gzip body', async () => {
      const { items } = traceWithEvents();
      const res = await ingest(server.url, token, gzipSync(JSON.stringify({ batch: items })), {
        'Content-Encoding': 'gzip',
      });
      expect(res.status).toBe(207);
      expect(((await res.json()) as IngestAnswer).successes.every((s) => s.status === 201)).toBe(true);
      const ids = await storedIds();
      expect(items.every((i) => ids.has(i.id))).toBe(true);
    });

    it('streams JSONL, filtered by since, every body valid under the extension schemas', async () => {
      const early = traceWithEvents();
      await ingest(server.url, token, { batch: early.items });
      const earlyStoredAt = (await exportLines(server.url, admin)).find((l) => l.id === early.trace.id)?.storedAt;
      expect(earlyStoredAt).toBeDefined();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const late = traceWithEvents();
      await ingest(server.url, token, { batch: late.items });
      const since = new Date(Date.parse(earlyStoredAt as string) + 1).toISOString();
      const res = await fetch(`${server.url}/v1/export?format=jsonl&since=${since}`, {
        headers: { Authorization: `Bearer ${admin}` },
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const lines = await exportLines(server.url, admin, since); // parses every body with its schema
      const ids = new Set(lines.map((l) => l.id));
      expect(late.items.every((i) => ids.has(i.id))).toBe(true);
      expect(early.items.some((i) => ids.has(i.id))).toBe(false);
      expect(lines.every((l) => l.storedAt >= since)).toBe(true);
      // Traces come before events, so a reader meets a trace before the feedback on it.
      const firstEvent = lines.findIndex((l) => l.type === 'feedback-event');
      expect(lines.slice(firstEvent).every((l) => l.type === 'feedback-event')).toBe(true);
    });

    it('exports more than one page of records', async () => {
      const items = eventItems(2_500);
      await ingest(server.url, token, { batch: items });
      const ids = await storedIds();
      expect(items.every((i) => ids.has(i.id))).toBe(true);
    });

    it('rejects a bad since or format with 400 and export by an ingest token with 403', async () => {
      const auth = { headers: { Authorization: `Bearer ${admin}` } };
      expect((await fetch(`${server.url}/v1/export?format=jsonl&since=yesterday`, auth)).status).toBe(400);
      expect((await fetch(`${server.url}/v1/export?format=csv`, auth)).status).toBe(400);
      const byIngestToken = await fetch(`${server.url}/v1/export?format=jsonl`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(byIngestToken.status).toBe(403);
    });

    it("deletes a withdrawing participant's traces and events, and refuses their later batches", async () => {
      const leaving = traceWithEvents();
      const staying = traceWithEvents();
      const participant = `p-${uuidv7()}`;
      const [own, other] = await Promise.all([
        createToken(env, `browser-${participant}`, 'ingest', participant),
        createToken(env, 'another-browser', 'ingest', `p-${uuidv7()}`),
      ]);
      const headers = { 'X-Stageback-Study': 'sleep-2026' };
      await ingest(server.url, own, { batch: leaving.items }, headers);
      await ingest(server.url, other, { batch: staying.items });
      const tagged = (await exportLines(server.url, admin)).filter((l) => l.participantId === participant);
      expect(tagged).toHaveLength(leaving.items.length);
      expect(tagged.every((l) => l.studyId === 'sleep-2026')).toBe(true);

      const res = await fetch(`${server.url}/v1/participants/${participant}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${own}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        participantId: participant,
        deleted: { traces: 1, events: 4 },
        tokensRevoked: 1,
      });
      const ids = await storedIds();
      expect(leaving.items.some((i) => ids.has(i.id))).toBe(false);
      expect(staying.items.every((i) => ids.has(i.id))).toBe(true);

      const resend = await ingest(server.url, own, { batch: leaving.items }, headers);
      expect(resend.status).toBe(410);
      expect((await storedIds()).has(leaving.trace.id)).toBe(false);
    });

    it('allows CORS for extension origins only', async () => {
      const preflight = (origin: string) =>
        fetch(`${server.url}/v1/ingest`, {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'authorization,content-type,content-encoding',
          },
        });
      for (const origin of [CHROME_ORIGIN, FIREFOX_ORIGIN]) {
        const res = await preflight(origin);
        expect(res.status).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(origin);
        expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      }
      const evil = await preflight('https://evil.example');
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();

      const { items } = traceWithEvents();
      const fromEvil = await ingest(server.url, token, { batch: items }, { Origin: 'https://evil.example' });
      expect(fromEvil.status).toBe(403);
      const fromExtension = await ingest(server.url, token, { batch: items }, { Origin: CHROME_ORIGIN });
      expect(fromExtension.status).toBe(207);
      expect(fromExtension.headers.get('access-control-allow-origin')).toBe(CHROME_ORIGIN);
    });

    it('prints a working token from the CLI, lists it without its secret, and revokes it', async () => {
      const stdout = await runCli(['token', 'create', '--name', 'cli-check'], env);
      const fresh = stdout.trim().split('\n').at(-1) as string;
      expect(fresh).toMatch(/^sbk_[A-Za-z0-9_-]{43}$/);
      const { items } = traceWithEvents();
      expect((await ingest(server.url, fresh, { batch: items })).status).toBe(207);
      const list = await runCli(['token', 'list'], env);
      expect(list).toMatch(/cli-check {2}ingest/);
      expect(list).not.toContain(fresh);
      await runCli(['token', 'revoke', 'cli-check'], env);
      expect((await ingest(server.url, fresh, { batch: items })).status).toBe(401);
    });

    it('logs no secrets', () => {
      expect(server.log()).not.toContain(token);
      expect(server.log()).not.toContain(admin);
      expect(server.log()).toMatch(/"msg":"request","method":"POST","path":"\/v1\/ingest","status":207/);
    });

    it('stores nothing twice when killed mid-batch and sent the batch again after a restart', async () => {
      const items = eventItems(3_000);
      const half = items.slice(0, 1_500);
      expect((await ingest(server.url, token, { batch: half })).status).toBe(207);

      // The full batch is half on the wire when the server dies.
      const partial = await sendHalfABatch(server.url, token, JSON.stringify({ batch: items }));
      await server.kill();
      await partial.lost;

      server = await spawnCollector(env);
      const res = await ingest(server.url, token, { batch: items });
      const answer = (await res.json()) as IngestAnswer;
      expect(answer.errors).toEqual([]);
      expect(answer.successes.slice(0, 1_500).every((s) => s.result === 'duplicate')).toBe(true);
      const lines = (await exportLines(server.url, admin)).filter((l) => items.some((i) => i.id === l.id));
      expect(lines).toHaveLength(items.length);
      expect(new Set(lines.map((l) => l.id)).size).toBe(items.length);
    });
  });
}

/** Starts a POST and writes only the first half of its body; `lost` settles when the connection goes away. */
async function sendHalfABatch(url: string, token: string, body: string): Promise<{ lost: Promise<void> }> {
  const bytes = Buffer.from(body);
  const req = request(`${url}/v1/ingest`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': bytes.length },
  });
  const lost = new Promise<void>((resolve) => {
    req.once('error', () => resolve());
    req.once('close', () => resolve());
  });
  await new Promise<void>((resolve) => req.write(bytes.subarray(0, bytes.length / 2), () => resolve()));
  return { lost };
}
