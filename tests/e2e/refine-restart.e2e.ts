import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { searchUrl } from '../../utils/refine/engines';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
} from '../support/browser';

const FIRST = {
  file: 'google/how_to_improve_sleep_google_ai.html',
  url: 'https://www.google.com/search?q=how%20to%20improve%20sleep',
};
const SECOND = 'google/how_to_sleep_better_google_ai.html';

const haveShared = existsSync(REAL_PAGES_DIR);

let browser: ExtensionBrowser;
beforeAll(async () => {
  if (haveShared) browser = await launchWithExtension();
});
afterAll(() => browser?.close());

async function store<T>(table: string): Promise<T[]> {
  const popup = await browser.extensionPage('popup.html');
  const rows = await readStore<T>(popup, table);
  await popup.close();
  return rows;
}

describe.skipIf(!haveShared)('Refine across a service-worker restart', () => {
  it('the tab Refine opened still gets its comparison when the background restarted before its answer was read', async () => {
    browser.servePage(FIRST.url, await readSavedPage(FIRST.file));
    const page = await browser.context.newPage();
    await page.goto(FIRST.url);
    const strip = page.locator('stageback-strip').first();
    await strip.locator('button[aria-label="Overall: good"]:not([disabled])').waitFor();
    await strip.getByRole('button', { name: 'Open Coverage panel' }).click();
    await strip.getByLabel('An aspect you needed').fill('shift workers');
    await strip.getByRole('button', { name: 'Add aspect' }).click();
    await strip.getByRole('button', { name: 'Refine' }).click();
    const query = await strip.getByTestId('refine-query').inputValue();
    const expected = searchUrl('google', query, FIRST.url);
    const [tab] = await Promise.all([browser.context.waitForEvent('page'), strip.getByTestId('refine-open').click()]);
    await expect.poll(() => strip.getByTestId('refine-status').textContent()).toBe('Opened in a new tab.');

    // The background stops (as the browser stops an idle service worker) before the new tab's answer is read.
    await browser.serviceWorker.evaluate(() => {
      (globalThis as { beforeRestart?: boolean }).beforeRestart = true;
    });
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();

    // The new tab's first request was never routed (see refine.e2e.ts): its address again, now served.
    browser.servePage(expected, await readSavedPage(SECOND));
    await tab.goto(expected);
    const comparison = tab.locator('stageback-strip').getByTestId('refine-comparison');
    await comparison.waitFor({ timeout: 20_000 });
    // It really started again: what the old one held in memory is gone.
    const restarted = await browser.serviceWorker.evaluate(
      () => (globalThis as { beforeRestart?: boolean }).beforeRestart !== true,
    );
    expect(restarted).toBe(true);

    const events = await store<FeedbackEvent>('events');
    const refinement = events.find((e) => e.kind === 'refinement' && e.value.url === expected);
    const refined = (await store<Trace>('traces')).find((t) => t.refinedFrom?.refinementId === refinement?.id);
    expect(refined?.pageUrl).toBe(expected);
    expect(refined?.refinedFrom?.traceId).toBe(refinement?.traceId);
    expect(await comparison.getByTestId('compare-aspects').textContent()).toContain('shift workers');
    await tab.close();
    await page.close();
  });
});
