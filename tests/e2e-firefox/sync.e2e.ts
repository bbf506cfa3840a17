import { readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLines } from '../../collector/tests/support/client';
import { type CollectorProcess, createToken, spawnCollector, tempDataDir } from '../../collector/tests/support/process';
import { DEMO_PAGE, DEMO_URL } from '../support/browser';
import { type FirefoxWithExtension, launchFirefoxWithExtension, pressStripThumb, textOf } from '../support/firefox';

let firefox: FirefoxWithExtension;
let collector: CollectorProcess;
let token: string;
let admin: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  const env = { DATA_DIR: dataDir };
  [token, admin] = await Promise.all([
    createToken(env, 'e2e-ff', 'ingest', 'p-e2e-ff'),
    createToken(env, 'e2e-ff-admin', 'admin'),
  ]);
  collector = await spawnCollector(env);
  // The built extension as shipped: the collector's origin is only in optional_host_permissions.
  firefox = await launchFirefoxWithExtension({ allowOrigins: [new URL(collector.url).origin] });
  firefox.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
});

afterAll(async () => {
  await firefox?.close();
  await collector?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('Firefox ESR: sync from the built extension to the real collector', () => {
  it('turns on through the consent screen, which asks for the optional host permission, and sends feedback given on the strip once', async () => {
    const options = await firefox.extensionPage('options.html');
    await expect.poll(() => textOf(options, '[data-testid="sync-status-line"]')).toMatch(/^Sync off/);
    expect(await options.evaluate(() => chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(false);
    await options.type('[data-testid="sync-endpoint"]', collector.url);
    await options.type('[data-testid="sync-token"]', token);
    await options.click('[data-testid="sync-turn-on"]');
    await options.waitForSelector('[data-testid="sync-consent"]');
    expect(await textOf(options, '[data-testid="consent-url"]')).toBe(`${collector.url}/v1/ingest`);
    await options.click('[data-testid="sync-agree"]');
    await options.waitForSelector('[data-testid="sync-now"]', { timeout: 10_000 });
    expect(await options.evaluate(() => chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] }))).toBe(true);

    const page = await firefox.newPage();
    await page.goto(DEMO_URL);
    await page.waitForSelector('stageback-strip', { timeout: 15_000 });
    await pressStripThumb(page, 'Overall: bad');

    // The write nudges the sender: the event and its trace arrive without pressing "Send now".
    const stored = async () => {
      const lines = await exportLines(collector.url, admin);
      return lines.map((l) => `${l.type} ${l.id}`);
    };
    await expect.poll(async () => (await stored()).length, { timeout: 15_000 }).toBe(2);
    const lines = await exportLines(collector.url, admin);
    const event = lines.find((l) => l.type === 'feedback-event');
    const trace = lines.find((l) => l.type === 'trace-upsert');
    expect(event?.participantId).toBe('p-e2e-ff');
    expect(trace?.body).toMatchObject({ siteId: 'google-ai-overview', pageUrl: DEMO_URL });
    expect(event?.body).toMatchObject({
      traceId: trace?.id,
      stage: 'overall',
      kind: 'rating',
      value: { scale: 'thumbs', score: -1 },
      origin: 'user',
    });

    const popup = await firefox.extensionPage('popup.html');
    await expect
      .poll(() => textOf(popup, '[data-testid="sync-status"]'), { timeout: 10_000 })
      .toMatch(/^Nothing waiting, last sent/);
    // "Send now" finds nothing left: each item went exactly once.
    await options.click('[data-testid="sync-now"]');
    await expect.poll(() => textOf(options, '[data-testid="sync-note"]')).toMatch(/^Sent 0\./);
    expect(await stored()).toHaveLength(2);
  });
});
