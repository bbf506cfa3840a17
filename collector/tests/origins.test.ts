import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config';
import { exportLines } from './support/client';
import { traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, spawnCollector } from './support/process';
import { sqliteTarget } from './support/targets';

/** Finding 6 of issue 14: allowed extension ids, and JSON only. */
const LISTED_CHROME = 'abcdefghijklmnopabcdefghijklmnop';
const OTHER_CHROME = 'ponmlkjihgfedcbaponmlkjihgfedcba';
const LISTED_FIREFOX = '3f2a6c1e-8b4d-4f5a-9c2e-1d7b6a5e4f30';
const OTHER_FIREFOX = '00000000-1111-4222-8333-444444444444';

const preflight = (url: string, origin: string) =>
  fetch(`${url}/v1/ingest`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,content-type,content-encoding,x-stageback-participant',
    },
  });

describe('ALLOWED_EXTENSION_IDS (real process)', () => {
  const target = sqliteTarget();
  let server: CollectorProcess;
  let open: CollectorProcess;
  beforeAll(async () => {
    const env = await target.setUp();
    server = await spawnCollector({
      ...env,
      ALLOWED_EXTENSION_IDS: `${LISTED_CHROME}, ${LISTED_FIREFOX.toUpperCase()}`,
    });
    open = await spawnCollector(env);
  });
  afterAll(async () => {
    await server?.stop();
    await open?.stop();
    await target.tearDown();
  });

  it('allows only the listed Chrome ids and Firefox UUIDs when set', async () => {
    for (const origin of [`chrome-extension://${LISTED_CHROME}`, `moz-extension://${LISTED_FIREFOX}`]) {
      const res = await preflight(server.url, origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      // Old extensions still send X-Stageback-Participant: their preflight must pass.
      expect(res.headers.get('access-control-allow-headers')).toMatch(/X-Stageback-Participant/);
    }
    for (const origin of [`chrome-extension://${OTHER_CHROME}`, `moz-extension://${OTHER_FIREFOX}`]) {
      const res = await preflight(server.url, origin);
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatch(/ALLOWED_EXTENSION_IDS/);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(server.log()).not.toMatch(/ALLOWED_EXTENSION_IDS is not set/);
  });

  it('allows any extension origin when unset, with a warning at start-up', async () => {
    expect((await preflight(open.url, `chrome-extension://${OTHER_CHROME}`)).status).toBe(204);
    expect((await preflight(open.url, 'https://evil.example')).status).toBe(403);
    expect(open.log()).toMatch(/"level":"warn","msg":"ALLOWED_EXTENSION_IDS is not set: any browser extension origin/);
  });

  it('refuses an id that is neither a Chrome id nor a UUID', () => {
    expect(readConfig({}).allowedExtensionIds).toBeNull();
    expect(readConfig({ ALLOWED_EXTENSION_IDS: ` ${LISTED_CHROME} ,` }).allowedExtensionIds).toEqual([LISTED_CHROME]);
    expect(() => readConfig({ ALLOWED_EXTENSION_IDS: 'not-an-id' })).toThrow(/ALLOWED_EXTENSION_IDS: "not-an-id"/);
  });
});

describe('Content-Type on POST /v1/ingest (real process)', () => {
  const target = sqliteTarget();
  let server: CollectorProcess;
  let token: string;
  let admin: string;
  beforeAll(async () => {
    const env = await target.setUp();
    [token, admin] = await Promise.all([createToken(env, 'browser'), createToken(env, 'researcher', 'admin')]);
    server = await spawnCollector(env);
  });
  afterAll(async () => {
    await server?.stop();
    await target.tearDown();
  });

  const post = (body: BodyInit, headers: Record<string, string>) =>
    fetch(`${server.url}/v1/ingest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, ...headers },
      body,
    });

  it('answers 415 to a body that is not declared application/json, and stores nothing', async () => {
    const { items } = traceWithEvents();
    const json = JSON.stringify({ batch: items });
    for (const headers of <Record<string, string>[]>[
      { 'Content-Type': 'text/plain' },
      {},
      { 'Content-Type': 'application/x-www-form-urlencoded' },
    ]) {
      const res = await post(json, headers);
      expect(res.status).toBe(415);
      expect((await res.json()).error).toMatch(/Content-Type must be application\/json/);
    }
    const ids = new Set((await exportLines(server.url, admin)).map((line) => line.id));
    expect(items.some((i) => ids.has(i.id))).toBe(false);
  });

  it('accepts application/json with a charset, and gzip as the extension sends it', async () => {
    const first = traceWithEvents();
    expect(
      (await post(JSON.stringify({ batch: first.items }), { 'Content-Type': 'application/json; charset=utf-8' }))
        .status,
    ).toBe(207);
    // utils/sync/transport.ts: Content-Type application/json, Content-Encoding gzip.
    const second = traceWithEvents();
    const gz = gzipSync(JSON.stringify({ batch: second.items }));
    const res = await post(new Blob([new Uint8Array(gz)]), {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(207);
  });
});
