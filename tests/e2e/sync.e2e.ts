import { readFile, rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLines } from '../../collector/tests/support/client';
import { type CollectorProcess, createToken, spawnCollector, tempDataDir } from '../../collector/tests/support/process';
import type { FeedbackEvent } from '../../storage/schema';
import { uuidv7 } from '../../utils/uuidv7';
import {
  DEMO_PAGE,
  DEMO_URL,
  type ExtensionBrowser,
  extensionCopyGranting,
  launchWithExtension,
  readStore,
} from '../support/browser';
import { contentWorld } from '../support/content-world';

let browser: ExtensionBrowser;
let collector: CollectorProcess;
let env: Record<string, string>;
let extensionDir: string;
let token: string;
let admin: string;
let dataDir: string;

/** How many times each id is in the collector's export. */
async function stored(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const line of await exportLines(collector.url, admin)) counts.set(line.id, (counts.get(line.id) ?? 0) + 1);
  return counts;
}

async function events(page: Page): Promise<FeedbackEvent[]> {
  return (await readStore<FeedbackEvent>(page, 'events')).sort((a, b) => a.id.localeCompare(b.id));
}

beforeAll(async () => {
  dataDir = tempDataDir();
  env = { DATA_DIR: dataDir };
  [token, admin] = await Promise.all([
    createToken(env, 'e2e', 'ingest', 'p-e2e'),
    createToken(env, 'e2e-admin', 'admin'),
  ]);
  collector = await spawnCollector(env);
  env.PORT = new URL(collector.url).port; // a restart comes back on the same port, as a real collector would
  extensionDir = await extensionCopyGranting(['http://127.0.0.1/*']);
  browser = await launchWithExtension({ extensionDir, allowOrigins: [new URL(collector.url).origin] });
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
  // Either may be unset when beforeAll failed; its error is the one to read.
  for (const dir of [extensionDir, dataDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sync from the built extension to the real collector', () => {
  it('turns on through the consent screen, sends new feedback once, survives the collector being down, shows refusals', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    const up = page.getByRole('button', { name: 'Overall: good' });
    const down = page.getByRole('button', { name: 'Overall: bad' });
    await expect.poll(() => up.isEnabled(), { timeout: 15_000 }).toBe(true);
    await up.click(); // recorded while sync is off
    await expect.poll(() => page.getByTestId('strip-status').textContent()).toBe('Saved');

    const options = await browser.extensionPage('options.html');
    await expect.poll(() => options.getByTestId('sync-status-line').textContent()).toMatch(/^Sync off/);
    await options.getByTestId('sync-endpoint').fill(collector.url);
    await options.getByTestId('sync-token').fill(token);
    await options.getByTestId('sync-turn-on').click();
    const consent = options.getByTestId('sync-consent');
    await expect.poll(() => consent.isVisible()).toBe(true);
    expect(await options.getByTestId('consent-url').textContent()).toBe(`${collector.url}/v1/ingest`);
    const consentText = (await consent.textContent()) ?? '';
    expect(consentText).toContain('and your access token. The collector works out from the token which participant');
    expect(consentText).toContain('never deletes anything in this browser');
    expect(await options.getByTestId('sync-send-earlier').isChecked()).toBe(false);
    expect(await options.getByTestId('sync-send-earlier').evaluate((e) => e.parentElement?.textContent)).toContain(
      'Also send the 1 event already recorded',
    );
    await options.getByTestId('sync-agree').click();
    await expect.poll(() => options.getByTestId('sync-now').isVisible()).toBe(true);

    // New feedback goes out by itself (the nudge after a write); the earlier event stays home.
    await down.click();
    await expect.poll(() => down.getAttribute('aria-pressed')).toBe('true');
    const [earlier, changed] = await events(options);
    await expect.poll(async () => (await stored()).get(changed?.id ?? ''), { timeout: 15_000 }).toBe(1);
    expect((await stored()).get(earlier?.id ?? '')).toBeUndefined();
    expect((await stored()).get(changed?.traceId ?? '')).toBe(1);

    // Collector down: feedback piles up; the popup says it retries.
    await collector.stop();
    await down.click(); // retraction
    await expect.poll(() => page.getByTestId('strip-status').textContent()).toBe('Removed');
    const popup = await browser.extensionPage('popup.html');
    await expect
      .poll(() => popup.getByTestId('sync-status').textContent(), { timeout: 15_000 })
      .toMatch(/^Collector unreachable, retrying at .+, 1 waiting/);

    // Back on the same port and data: "Send now" delivers, each event exactly once.
    collector = await spawnCollector(env);
    await options.getByTestId('sync-now').click();
    // (A backoff retry may beat the click to it: then the click finds nothing left.)
    await expect
      .poll(() => options.getByTestId('sync-note').textContent(), { timeout: 15_000 })
      .toMatch(/^Sent [01]\./);
    const all = await events(options);
    expect(all).toHaveLength(3);
    const counts = await stored();
    expect(all.map((e) => counts.get(e.id))).toEqual([undefined, 1, 1]);
    await expect.poll(() => popup.getByTestId('sync-status').textContent()).toMatch(/^Nothing waiting, last sent/);

    // An event the collector refuses (text with U+0000) is dead-lettered with its reason, shown in the popup.
    const base = all[1] as FeedbackEvent;
    const refused = {
      id: uuidv7(),
      schemaVersion: base.schemaVersion,
      traceId: base.traceId,
      createdAt: new Date().toISOString(),
      stage: 'overall',
      target: { type: 'stage' },
      origin: 'user',
      kind: 'comment',
      value: 'nul \u0000 here',
    };
    const reply = await options.evaluate(
      (event) =>
        new Promise((resolve) =>
          chrome.runtime.sendMessage({ id: 1, type: 'recordEvents', data: [event], timestamp: Date.now() }, resolve),
        ),
      refused,
    );
    expect(reply).toMatchObject({ res: { ok: true, data: { stored: 1 } } });
    // The write nudges the sender: no button needed.
    await popup.reload();
    const dead = popup.getByTestId('dead-letters');
    await expect.poll(() => dead.isVisible(), { timeout: 15_000 }).toBe(true);
    await dead.locator('summary').click();
    expect(await dead.textContent()).toMatch(
      /1 item refused by the collector.*Overall · comment.*400: item 0: .*U\+0000/s,
    );
    expect((await stored()).get(refused.id)).toBeUndefined();
  });

  it('holds new feedback for review when asked to, and sends it once approved in the log', async () => {
    const options = await browser.extensionPage('options.html');
    const review = options.getByTestId('sync-review');
    await expect.poll(() => review.isVisible()).toBe(true);
    await review.check();
    await expect.poll(() => review.isChecked()).toBe(true);

    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    const up = page.getByRole('button', { name: 'Overall: good' });
    await expect.poll(() => up.isEnabled(), { timeout: 15_000 }).toBe(true);
    await up.click();
    await expect.poll(() => up.getAttribute('aria-pressed')).toBe('true');
    const newest = (await events(options)).at(-1) as FeedbackEvent;

    const log = await browser.extensionPage('log.html');
    const panel = log.getByTestId('review-panel');
    await expect.poll(() => panel.locator('h2').textContent(), { timeout: 10_000 }).toBe('Awaiting your review (1)');
    expect(await panel.textContent()).toContain('Overall · thumbs up');
    await new Promise((r) => setTimeout(r, 3_000)); // longer than the sender's nudge: held items stay home
    expect((await stored()).get(newest.id)).toBeUndefined();

    await log.getByTestId('approve-all').click();
    await expect.poll(async () => (await stored()).get(newest.id), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => panel.count()).toBe(0);
    expect(await readStore(log, 'events')).toHaveLength((await events(options)).length); // nothing local removed
  });

  it('keeps the token where a content script cannot read it (finding 10)', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    await expect
      .poll(() => page.getByRole('button', { name: 'Overall: good' }).isEnabled(), { timeout: 15_000 })
      .toBe(true);
    const world = await contentWorld(page, browser.extensionId);
    try {
      const local = await world.evaluate<Record<string, unknown>>('chrome.storage.local.get(null)');
      expect(local.sync).toMatchObject({ enabled: true }); // sync is set up ...
      expect(JSON.stringify(local)).not.toContain(token); // ... and its token is not there
      const session = await world
        .evaluate<unknown>('chrome.storage.session.get(null)')
        .catch((error: Error) => error.message);
      expect(JSON.stringify(session)).not.toContain(token);
    } finally {
      await world.detach();
    }
    const options = await browser.extensionPage('options.html');
    await expect.poll(() => options.getByTestId('sync-now').isVisible()).toBe(true);
    expect(await options.getByTestId('sync-token').inputValue()).toBe(''); // never shown back
  });

  it('names the participant the token is bound to (GET /v1/whoami)', async () => {
    const options = await browser.extensionPage('options.html');
    await expect
      .poll(() => options.getByTestId('sync-participant').textContent(), { timeout: 10_000 })
      .toBe('Participant: p-e2e (set by your token)');
  });
});
