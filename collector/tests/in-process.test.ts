import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../utils/uuidv7';
import { type IngestAnswer, ingest } from './support/client';
import { type InProcessServer, serveInProcess } from './support/in-process';
import { eventItems, item, traceWithEvents } from './support/items';

describe('rate limit per token (in-process server)', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await serveInProcess({ ratePerSecond: 0.5, burst: 2 });
  });
  afterAll(() => server.close());

  it('answers 429 with Retry-After once the burst is spent, and stores nothing', async () => {
    const { url } = server.running;
    for (let i = 0; i < 2; i++) expect((await ingest(url, server.token, { batch: eventItems(1) })).status).toBe(207);
    const items = eventItems(1);
    const limited = await ingest(url, server.token, { batch: items });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).error).toMatch(/rate limit exceeded/);
    const stored: string[] = [];
    for await (const record of server.store.exportSince(new Date(0).toISOString())) stored.push(record.id);
    expect(stored).not.toContain(items[0]!.id);
  });

  it('answers 401, not 429, to a wrong token', async () => {
    const res = await ingest(server.running.url, 'sbk_wrong', { batch: eventItems(1) });
    expect(res.status).toBe(401);
  });
});

describe('body and envelope limits (in-process server)', () => {
  let server: InProcessServer;
  const limit = 64 * 1024;
  beforeAll(async () => {
    server = await serveInProcess({ maxBodyBytes: limit, burst: 1_000 });
  });
  afterAll(() => server.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    ingest(server.running.url, server.token, body, headers);

  it('answers 413 to gzip data that expands past the limit (a small gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(limit * 50, ' '));
    expect(bomb.length).toBeLessThan(limit);
    const res = await post(bomb, { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/decompressed request body exceeds/);
  });

  it('answers 413 to a body over the limit sent without Content-Length (chunked)', async () => {
    const body = new Blob([JSON.stringify({ batch: eventItems(400) })]).stream();
    const res = await fetch(`${server.running.url}/v1/ingest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('answers 400 to gzip headers over data that is not gzip, and 415 to other encodings', async () => {
    const body = JSON.stringify({ batch: eventItems(1) });
    expect((await post(body, { 'Content-Encoding': 'gzip' })).status).toBe(400);
    const br = await post(body, { 'Content-Encoding': 'br' });
    expect(br.status).toBe(415);
    expect((await br.json()).error).toMatch(/use gzip or none/);
  });

  it('answers 400 to an empty batch and to a bad study header', async () => {
    const empty = await post({ batch: [] });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toBe('the batch is empty');
    const res = await post({ batch: eventItems(1) }, { 'X-Stageback-Study': 'has spaces' });
    expect(res.status).toBe(400);
  });

  it('reports an unknown item type and a NUL character per item', async () => {
    const { items } = traceWithEvents();
    const event = items[1]!;
    const withNul = item('feedback-event', {
      ...(event.body as { id: string }),
      id: uuidv7(),
      kind: 'comment',
      value: 'a\u0000b',
    } as { id: string });
    const answer = (await (
      await post({ batch: [{ ...items[0], type: 'trace-create' }, withNul, items[2]] })
    ).json()) as IngestAnswer;
    expect(answer.successes.map((s) => s.id)).toEqual([items[2]!.id]);
    expect(answer.errors[0]?.message).toMatch(/item 0: type: Invalid option/);
    expect(answer.errors[1]?.message).toMatch(/NUL character/);
    expect(answer.errors.map((e) => e.reason)).toEqual(['invalid', 'nul_character']);
  });

  it('answers 404 with a JSON error for unknown routes', async () => {
    const res = await fetch(`${server.running.url}/v2/ingest`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/no route/);
  });
});
