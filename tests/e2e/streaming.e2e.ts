import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../storage/schema';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
} from '../support/browser';

// A Perplexity answer saved while it was still streaming (a "Stop generating response" button is on the page).
const FILE = 'perplexity/how_to_improve_sleep_perplexity.html';
const URL_1 = 'https://www.perplexity.ai/search/how-to-improve-sleep-Xq1bTz9aQ0eYl3kP7vN2wA';
const URL_2 = 'https://www.perplexity.ai/search/and-for-shift-workers-Xq1bTz9aQ0eYl3kP7vN2wB';
const haveShared = existsSync(REAL_PAGES_DIR);

let browser: ExtensionBrowser;
beforeAll(async () => {
  if (!haveShared) return;
  browser = await launchWithExtension();
  browser.servePage(URL_1, await readSavedPage(FILE));
});
afterAll(() => browser?.close());

async function traces(): Promise<Trace[]> {
  const popup = await browser.extensionPage('popup.html');
  const rows = await readStore<Trace>(popup, 'traces');
  await popup.close();
  return rows;
}

describe.skipIf(!haveShared)('answers that stream, and new questions in the same tab', () => {
  it('says the answer is loading, then completes the same trace when the site signals completion', async () => {
    const page = await browser.context.newPage();
    await page.goto(URL_1);
    await page.getByTestId('streaming').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await traces()).length, { timeout: 10_000 }).toBe(1);
    const [streaming] = await traces();
    expect(streaming?.answer.complete).toBe(false);

    // The site finishes: the stop button goes and a last sentence arrives.
    await page.evaluate(() => {
      document.querySelector('button[aria-label="Stop generating response"]')?.remove();
      const prose = [...document.querySelectorAll('.prose')].at(-1);
      const p = document.createElement('p');
      p.textContent = 'Keep a regular schedule, even at weekends.';
      prose?.append(p);
    });
    await expect.poll(async () => (await traces())[0]?.answer.complete, { timeout: 10_000 }).toBe(true);
    const [done] = await traces();
    expect(done?.id).toBe(streaming?.id);
    expect(done?.answer.text.endsWith('Keep a regular schedule, even at weekends.')).toBe(true);
    expect(await page.getByTestId('streaming').count()).toBe(0);

    // A new question in the same tab, without a page load (single-page navigation).
    await page.evaluate((next) => {
      history.pushState({}, '', next);
      const h1 = document.querySelector('h1');
      if (h1) h1.textContent = 'and for shift workers?';
      for (const prose of document.querySelectorAll('.prose')) {
        prose.replaceChildren(
          Object.assign(document.createElement('p'), {
            textContent: 'Shift workers should protect a fixed sleep window.',
          }),
        );
      }
    }, URL_2);
    await expect.poll(async () => (await traces()).length, { timeout: 15_000 }).toBe(2);
    const second = (await traces()).find((t) => t.id !== done?.id);
    expect(second).toMatchObject({ pageUrl: URL_2, siteId: 'perplexity' });
    expect(second?.answer.text).toContain('Shift workers should protect a fixed sleep window.');
  });
});
