import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../storage/schema';
import {
  type ExtensionBrowser,
  extensionCopyGranting,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
  stripTakesFeedback,
} from '../support/browser';
import {
  chatReply,
  ollamaOriginCheck,
  startAnsweringServer,
  startLlamaServer,
  type TestServer,
  TINY_MODEL,
} from '../support/llama-server';

const haveShared = existsSync(REAL_PAGES_DIR) && existsSync(TINY_MODEL);
const PAGE = {
  file: 'google/AI_tools_for_students_google_ai.html',
  url: 'https://www.google.com/search?q=AI%20tools%20for%20students',
};

/** A runtime message from an extension page, as the extension's own messaging sends it. */
async function message<T>(page: Page, type: string, data: unknown): Promise<T> {
  const reply = (await page.evaluate(
    ({ type, data }) =>
      new Promise((resolve) => chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }, resolve)),
    { type, data },
  )) as { res: T };
  return reply.res;
}

interface TierRunReply {
  ok: boolean;
  data: {
    proposals: { kind: string; tier: number; feedback: { target: Record<string, unknown> }; agent: { name: string } }[];
    status: { tier: number; state: string; short: string; message: string; code?: string };
  }[];
}

describe.skipIf(!haveShared)('Your shadow: your own model (tier 2) and the browser’s (tier 3)', () => {
  let browser: ExtensionBrowser;
  let extensionDir: string;
  let model: TestServer;
  let keyed: TestServer;
  let loose: TestServer;
  let ollama: TestServer;
  let silent: TestServer;
  let wrongShape: TestServer;
  let madeUp: TestServer;
  let closed: TestServer;
  let options: Page;

  beforeAll(async () => {
    model = await startLlamaServer();
    keyed = await startLlamaServer({ apiKey: 'right-key' });
    loose = await startLlamaServer({ ignoreSchema: true });
    ollama = await startAnsweringServer(ollamaOriginCheck(['http://localhost']));
    silent = await startAnsweringServer(() => {});
    wrongShape = await startAnsweringServer((_req, res) => chatReply(res, JSON.stringify({ ok: true })));
    madeUp = await startAnsweringServer((_req, res) =>
      chatReply(res, JSON.stringify({ proposals: [{ kind: 'unsupported_sentence', sentenceId: 's99', reason: 'x' }] })),
    );
    closed = await startAnsweringServer(() => {});
    await closed.close();
    const servers = [model, keyed, loose, ollama, silent, wrongShape, madeUp, closed];
    // Playwright cannot answer the permission prompt: the copy's manifest already grants loopback.
    extensionDir = await extensionCopyGranting(['http://127.0.0.1/*']);
    browser = await launchWithExtension({ extensionDir, allowOrigins: servers.map((s) => s.origin) });
    options = await browser.extensionPage('options.html');
    await options.getByTestId('shadow-section').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of [model, keyed, loose, ollama, silent, wrongShape, madeUp]) await s?.close();
    if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
  });

  async function testConnection(server: TestServer, name: string, extra: { key?: string; timeout?: string } = {}) {
    await options.getByTestId('shadow-model-url').fill(server.baseUrl);
    await options.getByTestId('shadow-model-name').fill(name);
    await options.getByTestId('shadow-model-timeout').fill(extra.timeout ?? '60');
    if (extra.key !== undefined) await options.getByTestId('shadow-model-key').fill(extra.key);
    const result = options.getByTestId('shadow-model-result');
    await options.getByTestId('shadow-model-test').click();
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).not.toBe('');
    return { text: (await result.textContent()) ?? '', isError: (await result.getAttribute('class')) === 'error' };
  }

  it('the browser’s model: Debian’s Chromium has the API but says unavailable; options say why and nothing runs', async () => {
    const line = options.getByTestId('shadow-browser-model-status');
    await expect.poll(() => line.getAttribute('data-state')).toBe('unavailable');
    expect(await line.textContent()).toContain('says the model cannot run here');
    expect(await options.getByTestId('shadow-tier3').isDisabled()).toBe(true);
  });

  it('Test connection reaches the real model server from the background with a made-up sample, and says so', async () => {
    const { text, isError } = await testConnection(model, 'tiny-random');
    expect(isError).toBe(false);
    expect(text).toMatch(new RegExp(`^Connected to ${model.origin}: “tiny-random” answered a sample question`));
    // From the background (an extension origin), never from a web page.
    expect(model.seen.at(-1)?.origin).toBe(`chrome-extension://${browser.extensionId}`);
    expect(JSON.stringify(model.seen.at(-1)?.body)).toContain('how much sleep do adults need');
  });

  it.each([
    ['a wrong key: 401', () => keyed, 'tiny-random', { key: 'wrong-key' }, 'refused the key (401)'],
    ['a model the server does not have', () => model, 'no-such-model', {}, 'has no model named “no-such-model”'],
    ['a server that ignores the JSON schema: not JSON', () => loose, 'tiny-random', {}, 'was not valid JSON'],
    ['JSON in another shape', () => wrongShape, 'm', {}, 'not in the format asked for (proposals:'],
    ['proposals naming sentences that do not exist', () => madeUp, 'm', {}, 'that are not in the answer (1 of 1'],
    ['a server that never answers', () => silent, 'm', { timeout: '2' }, 'did not answer within 2 s'],
    ['nothing listening', () => closed, 'm', {}, `Could not reach http://127.0.0.1:`],
  ] as const)('Test connection, %s: a clear message', async (_name, server, name, extra, says) => {
    const { text, isError } = await testConnection(server(), name, extra);
    expect(isError).toBe(true);
    expect(text).toContain(says);
  });

  it('Ollama refusing the extension’s origin (403): the message names OLLAMA_ORIGINS and the exact origin it saw', async () => {
    const { text, isError } = await testConnection(ollama, 'llama3.2');
    expect(isError).toBe(true);
    const origin = `chrome-extension://${browser.extensionId}`;
    expect(ollama.seen.at(-1)?.origin).toBe(origin);
    expect(text).toContain(`set OLLAMA_ORIGINS=${origin}`);
  });

  it('the key is kept in the extension’s IndexedDB, never in chrome.storage', async () => {
    await testConnection(keyed, 'tiny-random', { key: 'right-key' });
    expect(keyed.seen.at(-1)?.authorization).toBe('Bearer right-key');
    const local = await options.evaluate(() => chrome.storage.local.get(null));
    expect(JSON.stringify(local)).not.toContain('right-key');
    const secrets = await readStore<{ key: string; value: string }>(options, 'secrets');
    expect(secrets).toContainEqual({ key: 'shadowModelKey', value: 'right-key' });
    await options.getByTestId('shadow-model-forget-key').click();
    await expect.poll(async () => (await readStore(options, 'secrets')).length).toBe(0);
  });

  it('on a real answer: nothing is sent before consent; after it, the answer goes to the model and proposals come back through the background', async () => {
    const page = await browser.context.newPage();
    browser.servePage(PAGE.url, await readSavedPage(PAGE.file));
    await page.goto(PAGE.url);
    await stripTakesFeedback(page);
    const [trace] = await readStore<Trace>(options, 'traces');
    if (!trace) throw new Error('no trace stored');

    // Set up but not consented to: the background sends nothing and says why.
    await testConnection(model, 'tiny-random');
    const sentBefore = model.seen.length;
    await options.evaluate(() =>
      chrome.storage.local.set({ shadow: { tier1: true, tier2: true, tier3: false, learnSince: null } }),
    );
    const refused = await message<TierRunReply>(options, 'proposeWithModels', trace.id);
    expect(refused.data[0]?.status).toMatchObject({ tier: 2, state: 'failed', code: 'no_consent' });
    expect(model.seen.length).toBe(sentBefore);

    // The consent screen lists what is sent, for this origin.
    await options.getByTestId('shadow-model-turn-on').click();
    const consent = options.getByTestId('shadow-model-consent');
    expect(await consent.getByTestId('model-consent-origin').textContent()).toBe(model.origin);
    const listed = await consent.getByTestId('model-consent-list').locator('li').allTextContents();
    expect(listed.map((l) => l.split(' (')[0])).toEqual([
      'Your question as you asked it on the site.',
      'The answer’s sentences',
      'The sources’ titles, snippets and addresses',
      'The searches the site shows it ran',
      'A short summary of what Stageback learned from you',
      'No key.',
    ]);
    await options.getByTestId('shadow-model-agree').click();
    await expect.poll(() => options.getByTestId('shadow-model-result').textContent()).toContain('is on');

    const reply = await message<TierRunReply>(options, 'proposeWithModels', trace.id);
    expect(reply.ok).toBe(true);
    const run = reply.data[0];
    expect(run?.status).toMatchObject({ tier: 2, state: 'ok' });
    const sent = model.seen.at(-1)?.body as { messages: { content: string }[] };
    const input = JSON.parse(sent.messages[1]?.content ?? '{}') as { query: string; sources: { url: string }[] };
    expect(input.query).toBe(trace.query);
    expect(input.sources[0]?.url).toBe(trace.sources[0]?.url);
    for (const p of run?.proposals ?? []) {
      expect(p).toMatchObject({ tier: 2, agent: { name: 'stageback-shadow-llm:tiny-random' } });
      const t = p.feedback.target;
      if (t.type === 'source') expect(trace.sources.map((s) => s.id)).toContain(t.sourceId);
      if (t.type === 'span') expect(trace.answer.text).toContain((t.quote as { exact: string }).exact);
    }

    // A failure on a real answer is one quiet line for the strip, not an error reply.
    await options.evaluate(
      (baseUrl) =>
        chrome.storage.local.get('shadowModel').then(({ shadowModel: saved }) => {
          const shadowModel = saved as { consent: object };
          return chrome.storage.local.set({
            shadowModel: {
              ...shadowModel,
              baseUrl,
              timeoutSeconds: 2,
              consent: { ...shadowModel.consent, origin: new URL(baseUrl).origin },
            },
          });
        }),
      silent.baseUrl,
    );
    const slow = await message<TierRunReply>(options, 'proposeWithModels', trace.id);
    expect(slow.ok).toBe(true);
    expect(slow.data[0]?.status).toMatchObject({
      state: 'failed',
      code: 'timeout',
      short: 'Your model took too long.',
    });
    // On the page, the strip says that one line under its suggestions and works as before.
    await page.reload();
    await stripTakesFeedback(page);
    await expect
      .poll(() => page.getByTestId('shadow-model-note').textContent(), { timeout: 20_000 })
      .toBe('Your model took too long.');
    await page.close();
  });

  it('with the browser’s model turned on anyway, the background asks availability() for real and proposes nothing', async () => {
    const [trace] = await readStore<Trace>(options, 'traces');
    await options.evaluate(() =>
      chrome.storage.local.set({ shadow: { tier1: true, tier2: false, tier3: true, learnSince: null } }),
    );
    const reply = await message<TierRunReply>(options, 'proposeWithModels', trace?.id);
    expect(reply.data).toEqual([
      expect.objectContaining({
        proposals: [],
        status: expect.objectContaining({ tier: 3, state: 'failed', code: 'unavailable' }),
      }),
    ]);
  });
});
