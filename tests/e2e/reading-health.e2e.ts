import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../storage/schema';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
  stripTakesFeedback,
} from '../support/browser';

// Two real saved Perplexity threads: one whose answer cites its sources, one saved without any citations (the
// sources could not be read there, whatever the reason).
const WITH_SOURCES = {
  file: 'perplexity/AI_vs_machine_learning_perplexity.html',
  url: 'https://www.perplexity.ai/search/ai-vs-machine-learning-Xq1bTz9aQ0eYl3kP7vN2wA',
};
const WITHOUT_SOURCES = {
  file: 'perplexity/how_to_write_a_resume_perplexity.html',
  url: 'https://www.perplexity.ai/search/how-to-write-a-resume-Xq1bTz9aQ0eYl3kP7vN2wA',
};

const haveShared = existsSync(REAL_PAGES_DIR);
let browser: ExtensionBrowser;
beforeAll(async () => {
  if (!haveShared) return;
  browser = await launchWithExtension();
  for (const page of [WITH_SOURCES, WITHOUT_SOURCES]) browser.servePage(page.url, await readSavedPage(page.file));
});
afterAll(() => browser?.close());

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await stripTakesFeedback(page);
  return page;
}

describe.skipIf(!haveShared)('reading health', () => {
  it('says on the strip that the sources could not be read, and offers no empty Sources controls', async () => {
    const page = await open(WITHOUT_SOURCES.url);
    const strip = page.locator('stageback-strip').first();
    // (allTextContents runs in the page's world, which cannot see into the closed root: count, then read one.)
    expect(await strip.locator('.unread').count()).toBe(1);
    expect(await strip.locator('.unread').textContent()).toBe('Sources could not be read here');
    expect(await strip.locator('fieldset[data-stage="retrieval"]').count()).toBe(0);
    expect(await strip.locator('button[aria-label^="Sources:"]').count()).toBe(0);
    expect(await strip.getByRole('button', { name: 'Open Sources panel' }).count()).toBe(0);
    // The other stages keep their controls, and still take feedback once Preact has the strip.
    await strip.locator('button[aria-label="Answer: good"]').click();
    await expect.poll(() => strip.getByTestId('strip-status').textContent()).toBe('Saved');
    expect(await strip.locator('.unread').textContent()).toBe('Sources could not be read here');
    expect(await strip.locator('fieldset[data-stage="retrieval"]').count()).toBe(0);

    const popup = await browser.extensionPage('popup.html');
    const trace = (await readStore<Trace>(popup, 'traces')).find((t) => t.pageUrl === WITHOUT_SOURCES.url);
    expect(trace?.readPaths).toMatchObject({ answer: 'exact', query: 'exact', sources: 'none' });
    await popup.close();
    await page.close();
  });

  it('shows Sources controls where the sources were read, and a health line per site in the options', async () => {
    const page = await open(WITH_SOURCES.url);
    const strip = page.locator('stageback-strip').first();
    expect(await strip.locator('.unread').count()).toBe(0);
    expect(await strip.locator('button[aria-label="Sources: good"]').count()).toBe(1);
    await page.close();

    const options = await browser.extensionPage('options.html');
    const lines = options.getByTestId('reading-health').locator('li');
    await expect
      .poll(() => lines.allTextContents())
      .toEqual(['Perplexity: last 2 answers: 1 read in full; sources missing in 1']);

    await options.close();
  });
});
