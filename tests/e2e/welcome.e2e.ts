import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../storage/schema';
import type { Settings } from '../../utils/settings';
import { pageViolations, serious } from '../support/axe';
import {
  DEMO_PAGE,
  DEMO_URL,
  type ExtensionBrowser,
  launchWithExtension,
  readStore,
  stripTakesFeedback,
} from '../support/browser';

let browser: ExtensionBrowser;
let welcome: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
  // Installing opens the welcome page by itself; it may be open before the test looks.
  const isWelcome = (p: Page) => p.url().endsWith('/welcome.html');
  welcome =
    browser.context.pages().find(isWelcome) ??
    (await browser.context.waitForEvent('page', { predicate: isWelcome, timeout: 15_000 }));
  await welcome.getByRole('heading', { name: 'Stageback is ready' }).waitFor();
}, 60_000);
afterAll(() => browser?.close());

async function settings(): Promise<Settings | undefined> {
  return (await browser.serviceWorker.evaluate(() => chrome.storage.local.get('settings'))).settings as Settings;
}

async function copyOnDemoPage(): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(DEMO_URL);
  await stripTakesFeedback(page);
  await page.evaluate(() => {
    const sentence = document.querySelector('[data-huuid="5003"]');
    if (sentence) getSelection()?.selectAllChildren(sentence);
  });
  await page.keyboard.press('Control+c');
  // A copy is recorded within a second when passive signals are on (passive-signals.e2e.ts); wait longer.
  await page.waitForTimeout(2_000);
  await page.close();
}

async function implicitEvents(): Promise<FeedbackEvent[]> {
  const popup = await browser.extensionPage('popup.html');
  const events = await readStore<FeedbackEvent>(popup, 'events');
  await popup.close();
  return events.filter((e) => e.origin === 'implicit');
}

describe('the welcome page, opened on install', () => {
  it('says what is recorded and where it stays, shows the four stages, and has no serious axe violations', async () => {
    const text = await welcome.locator('main').textContent();
    expect(text).toContain('Everything stays in this browser.');
    expect(text).toContain('Nothing is sent anywhere unless you turn on sync');
    for (const stage of ['Sub-queries', 'Sources', 'Answer', 'Overall']) {
      expect(await welcome.locator('dt', { hasText: stage }).count()).toBe(1);
    }
    expect(await welcome.getByRole('img', { name: /four stages/ }).count()).toBe(1);
    expect(serious(await pageViolations(welcome)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it('lists the keyboard shortcuts as the browser has them bound, and the right-click item', async () => {
    const shortcuts = welcome.getByTestId('shortcuts');
    await expect.poll(() => shortcuts.textContent()).toContain('Alt+Shift+S');
    const text = await shortcuts.textContent();
    expect(text).toContain('Move focus to the Stageback strip on this page');
    expect(text).toContain('Alt+Shift+F');
    expect(text).toContain('Give feedback on this answer');
  });

  it('records no passive signal until the user says yes, then records them', async () => {
    expect(await welcome.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await welcome.getByTestId('passive-choice').textContent()).toContain('Off until you choose.');
    // Nothing stored yet means the defaults, whose passive signals are off and unchosen.
    expect([undefined, false]).toContain((await settings())?.passiveSignalsChosen);

    await copyOnDemoPage();
    expect(await implicitEvents()).toEqual([]);

    await welcome.getByRole('radio', { name: 'Yes, record passive signals on supported sites' }).check();
    await expect.poll(async () => (await settings())?.passiveSignalsChosen).toBe(true);
    expect((await settings())?.sites['*']).toEqual({ enabled: true, passiveSignals: true });
    expect(await welcome.getByRole('status').textContent()).toContain('passive signals are on');

    await copyOnDemoPage();
    await expect
      .poll(async () => (await implicitEvents()).map((e) => e.kind === 'implicit' && e.value.signal))
      .toEqual(['copy']);
  });

  it('is one click away from the popup', async () => {
    const popup = await browser.extensionPage('popup.html');
    expect(await popup.getByRole('link', { name: 'How it works' }).getAttribute('href')).toMatch(/\/welcome\.html$/);
    await popup.close();
  });
});
