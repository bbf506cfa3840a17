import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../storage/schema';
import { LIMITS } from '../../storage/schema/constants';
import { MAX_EVENTS_PER_MESSAGE } from '../../utils/messaging/protocol';
import { uuidv7 } from '../../utils/uuidv7';
import {
  DEMO_PAGE,
  DEMO_URL,
  EXTENSION_DIR,
  type ExtensionBrowser,
  launchWithExtension,
  REPO_ROOT,
  readStore,
  stripTakesFeedback,
} from '../support/browser';
import { contentWorld, sendMessageExpression } from '../support/content-world';
import { thumbs, traceDraft } from '../support/factories';

// What the security review found solid in the extension, kept as regression tests (docs/security-tests.md).

const FIREFOX_DIR = path.join(REPO_ROOT, '.output/firefox-mv3');

describe('the built manifests', () => {
  beforeAll(async () => {
    // `npm run test:e2e` builds Chrome only; the Firefox build is made here so this never reads a stale one.
    await promisify(execFile)('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: REPO_ROOT });
  });

  it.each([
    ['Chrome', EXTENSION_DIR],
    ['Firefox', FIREFOX_DIR],
  ])('%s: no <all_urls>, no externally_connectable, no web_accessible_resources', async (_name, dir) => {
    const text = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text) as Record<string, unknown> & {
      host_permissions: string[];
      content_scripts: { matches: string[] }[];
    };
    expect(text.includes('<all_urls>'), 'the manifest names <all_urls>').toBe(false);
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    // Nor a catch-all spelled another way where access is granted at install.
    const granted = [...manifest.host_permissions, ...manifest.content_scripts.flatMap((c) => c.matches)];
    for (const pattern of granted) expect(pattern).not.toMatch(/^(\*|https?):\/\/\*\//);
  });
});

describe('messages from a content script', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  let world: Awaited<ReturnType<typeof contentWorld>>;
  let traceId: string;

  beforeAll(async () => {
    browser = await launchWithExtension();
    browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
    page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    await stripTakesFeedback(page);
    world = await contentWorld(page, browser.extensionId);
    traceId = (await table<Trace>('traces'))[0]?.id as string;
  });
  afterAll(async () => {
    await world?.detach();
    await browser?.close();
  });

  async function table<T>(name: string): Promise<T[]> {
    const popup = await browser.extensionPage('popup.html');
    const rows = await readStore<T>(popup, name);
    await popup.close();
    return rows;
  }
  /** Sends from the overlay's own world, exactly as its content script would; resolves with the reply. */
  const send = (type: string, data: unknown) =>
    world.evaluate<{ res: { ok: boolean; error?: { code: string } } }>(
      sendMessageExpression(type, data === undefined ? 'undefined' : JSON.stringify(data)),
    );

  it('sync-control messages are refused with forbidden_sender', async () => {
    for (const [type, data] of [
      ['syncNow', undefined],
      ['getSyncStatus', undefined],
      ['approveHeld', 'all'],
      ['skipHeld', 'all'],
      ['queueExisting', undefined],
    ] as const) {
      expect(await send(type, data), type).toMatchObject({ res: { ok: false, error: { code: 'forbidden_sender' } } });
    }
  });

  it('malformed and oversized messages are refused with invalid_message, and nothing is stored', async () => {
    const counts = async () => [(await table('events')).length, (await table('traces')).length];
    const before = await counts();
    const comment = {
      ...thumbs(traceId),
      kind: 'comment',
      value: 'x'.repeat(LIMITS.longText + 1),
    };
    const manyEvents = Array.from({ length: MAX_EVENTS_PER_MESSAGE + 1 }, () => ({ ...thumbs(traceId), id: uuidv7() }));
    const hugeTrace = traceDraft();
    hugeTrace.answer = { ...hugeTrace.answer, text: 'y'.repeat(LIMITS.longText + 1) };
    for (const [what, type, data] of [
      ['a string', 'recordEvents', 'hello'],
      ['an event missing its fields', 'recordEvents', [{ stage: 'overall', kind: 'rating' }]],
      ['HTML as an id', 'recordEvents', [{ ...thumbs(traceId), id: '<img src=x onerror=alert(1)>' }]],
      ['a comment over the length limit', 'recordEvents', [comment]],
      [`${MAX_EVENTS_PER_MESSAGE + 1} events in one message`, 'recordEvents', manyEvents],
      ['a trace with an answer over the length limit', 'captureTrace', hugeTrace],
      ['a trace that is not an object', 'captureTrace', [1, 2, 3]],
    ] as const) {
      expect(await send(type, data), what).toMatchObject({ res: { ok: false, error: { code: 'invalid_message' } } });
    }
    expect(await counts()).toEqual(before);
  });
});
