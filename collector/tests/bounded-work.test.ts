import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestAnswer, ingest } from './support/client';
import { type InProcessServer, serveInProcess } from './support/in-process';
import { eventItems } from './support/items';

/** Finding 4 of issue 14: what one request may cost is bounded. The /healthz figure is a bench section. */
describe('bounded work per request (in-process server)', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await serveInProcess({ burst: 1_000 });
  });
  afterAll(() => server.close());

  it('lists at most 100 item errors, in batch order, and counts the rest in moreErrors', async () => {
    const valid = eventItems(5);
    const invalid = eventItems(250).map((it) => ({ ...it, body: { ...(it.body as object), kind: 'nonsense' } }));
    const batch = [valid[0], ...invalid.slice(0, 125), valid[1], valid[2], ...invalid.slice(125), valid[3], valid[4]];
    const res = await ingest(server.running.url, server.token, { batch });
    expect(res.status).toBe(207);
    const text = await res.text();
    const answer = JSON.parse(text) as IngestAnswer;
    expect(answer.successes.map((s) => s.id)).toEqual(valid.map((v) => v.id));
    expect(answer.errors).toHaveLength(100);
    expect(answer.moreErrors).toBe(150);
    expect(answer.errors.map((e) => e.id)).toEqual(invalid.slice(0, 100).map((i) => i.id));
    expect(answer.errors[0]?.message).toMatch(/^item 1: /);
    expect(text.length).toBeLessThan(40_000);

    const clean = (await (
      await ingest(server.running.url, server.token, { batch: eventItems(3) })
    ).json()) as IngestAnswer;
    expect(clean.moreErrors).toBe(0);
  });

  it('stops checking a batch after 1,000 invalid items and counts the rest as unchecked, storing none of them', async () => {
    const invalid = eventItems(1_200).map((it) => ({ ...it, body: {} }));
    const late = eventItems(3);
    const early = eventItems(1);
    const res = await ingest(server.running.url, server.token, { batch: [...early, ...invalid, ...late] });
    const answer = (await res.json()) as IngestAnswer;
    expect(answer.successes.map((s) => s.id)).toEqual([early[0]!.id]);
    expect(answer.errors).toHaveLength(100);
    expect(answer.moreErrors).toBe(900);
    expect(answer.unchecked).toBe(203);
    const stored: string[] = [];
    for await (const record of server.store.exportSince(new Date(0).toISOString())) stored.push(record.id);
    expect(late.some((l) => stored.includes(l.id))).toBe(false);
    // Sent again in a batch of their own, they are stored.
    const again = (await (await ingest(server.running.url, server.token, { batch: late })).json()) as IngestAnswer;
    expect(again.successes.map((s) => s.result)).toEqual(['created', 'created', 'created']);
    expect(again.unchecked).toBe(0);
  });
});

describe('rate limit counts items, not only requests (in-process server)', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    // Requests are plentiful here; items are not: 100 at once, then 1 per second.
    server = await serveInProcess({ burst: 1_000, maxBatchItems: 100, itemsBurst: 100, itemsPerSecond: 1 });
  });
  afterAll(() => server.close());

  it('answers 429 with Retry-After once a token has sent its burst of items, and stores nothing from that batch', async () => {
    const { url } = server.running;
    expect((await ingest(url, server.token, { batch: eventItems(60) })).status).toBe(207);
    const second = eventItems(60);
    const limited = await ingest(url, server.token, { batch: second });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(15);
    expect((await limited.json()).error).toMatch(/item rate limit exceeded for this token \(60 items\)/);
    // A small batch still fits in what is left.
    expect((await ingest(url, server.token, { batch: eventItems(30) })).status).toBe(207);
    const stored: string[] = [];
    for await (const record of server.store.exportSince(new Date(0).toISOString())) stored.push(record.id);
    expect(stored).toHaveLength(90);
    expect(stored).not.toContain(second[0]!.id);
  });
});
