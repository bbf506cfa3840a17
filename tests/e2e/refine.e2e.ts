import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptWithSources } from '../../storage/exports/source-context';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { searchUrl } from '../../utils/refine/engines';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
  stripTakesFeedback,
} from '../support/browser';

/** The first search, and the saved page of the same engine the refined search is answered with. */
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

describe.skipIf(!haveShared)('Refine with my feedback', () => {
  it('Google: feedback, refine, the new tab at the refined address, what changed, better, and the DPO pair', async () => {
    browser.servePage(FIRST.url, await readSavedPage(FIRST.file));
    const page = await browser.context.newPage();
    await page.goto(FIRST.url);
    await stripTakesFeedback(page);
    const strip = page.locator('stageback-strip').first();

    // Nothing said yet: Refine says so instead of opening the same search.
    await strip.getByRole('button', { name: 'Refine' }).click();
    await expect.poll(() => strip.getByTestId('refine-nothing').textContent()).toContain('Nothing to refine yet');
    await page.keyboard.press('Escape');

    // Flag the first source irrelevant and say which aspect was missing.
    await strip.getByRole('button', { name: 'Open Sources panel' }).click();
    await strip.getByRole('button', { name: 'source 1: 0 irrelevant' }).click();
    await strip.getByRole('button', { name: 'Open Decomposition panel' }).click();
    await strip.getByLabel('An aspect you needed').fill('shift workers');
    await strip.getByRole('button', { name: 'Add aspect' }).click();
    await expect.poll(() => strip.getByTestId('said-count').textContent()).toBe('2 said');

    const original = (await store<Trace>('traces')).find(
      (t) => t.pageUrl === new URL(FIRST.url).href && t.siteId === 'google-ai-overview',
    );
    if (!original) throw new Error('the first answer is stored');
    const flagged = original.sources.find((s) => s.position === 0)?.domain;

    // The key R opens Refine from anywhere in the strip (not from a text field).
    await strip.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('r');
    const field = strip.getByTestId('refine-query');
    await field.waitFor();
    const query = await field.inputValue();
    expect(query).toBe(`${original.query} "shift workers" -site:${flagged}`);
    // The user edits it before opening.
    const edited = `${query} tips`;
    await field.fill(edited);
    const expected = searchUrl('google', edited, original.pageUrl);
    browser.servePage(expected, await readSavedPage(SECOND));

    const [tab] = await Promise.all([browser.context.waitForEvent('page'), strip.getByTestId('refine-open').click()]);
    // The address the extension opened, as the browser's tabs see it.
    const opened = await browser.serviceWorker.evaluate(async () => {
      const tabs = await chrome.tabs.query({});
      return tabs.map((t) => t.pendingUrl ?? t.url ?? '');
    });
    expect(opened).toContain(expected);
    // A tab the extension opens starts loading before Playwright's routing reaches it (its first request is never
    // routed, so it shows an error page): the same address is loaded again in that tab, now served.
    if (tab.url() !== expected) await tab.goto(expected);
    expect(tab.url()).toBe(expected);
    await expect.poll(() => strip.getByTestId('refine-status').textContent()).toBe('Opened in a new tab.');

    // The refinement is recorded on the first answer, with the feedback it came from.
    const events = await store<FeedbackEvent>('events');
    const refinement = events.find((e) => e.kind === 'refinement');
    const given = events.filter((e) => e.traceId === original.id && e.kind !== 'refinement').map((e) => e.id);
    expect(refinement).toMatchObject({
      traceId: original.id,
      stage: 'overall',
      value: { engine: 'google', query: edited, url: expected },
    });
    expect(refinement?.kind === 'refinement' && [...refinement.value.feedbackEventIds].sort()).toEqual(given.sort());

    // The refined answer, read in its tab, is linked and compared.
    const comparison = tab.locator('stageback-strip').first().getByTestId('refine-comparison');
    await comparison.waitFor({ timeout: 20_000 });
    const refined = (await store<Trace>('traces')).find((t) => t.refinedFrom?.traceId === original.id);
    if (!refined) throw new Error('the refined answer is linked to the first');
    expect(refined.refinedFrom).toEqual({ traceId: original.id, refinementId: refinement?.id });
    const before = new Set(original.sources.map((s) => s.url));
    const after = new Set(refined.sources.map((s) => s.url));
    const gained = [...after].filter((u) => !before.has(u));
    const lost = [...before].filter((u) => !after.has(u));
    expect(gained.length + lost.length).toBeGreaterThan(0);
    const listed = async (id: string) =>
      comparison.getByTestId(id).evaluate((list) => [...list.querySelectorAll('li')].map((li) => li.textContent ?? ''));
    expect(await listed('compare-gained')).toEqual(gained);
    expect(await listed('compare-lost')).toEqual(lost);
    expect(await comparison.getByTestId('compare-aspects').textContent()).toContain('shift workers: not covered');
    // The saved page of the second search still cites the domain the user flagged (it was not really re-run).
    const stillCited = refined.sources.some((s) => s.domain === flagged);
    expect(await comparison.getByTestId('compare-still-cited').count()).toBe(stillCited ? 1 : 0);

    await comparison.getByRole('button', { name: 'Better' }).click();
    await expect
      .poll(async () => (await store<FeedbackEvent>('events')).find((e) => e.kind === 'comparison'), {
        timeout: 10_000,
      })
      .toMatchObject({
        traceId: refined.id,
        value: { verdict: 'better', originalTraceId: original.id, refinementId: refinement?.id },
      });

    // Exported from the log page: the refined answer chosen over the first.
    const log = await browser.extensionPage('log.html');
    await log.getByTestId('export-format').selectOption('dpo');
    const [download] = await Promise.all([log.waitForEvent('download'), log.getByTestId('export-start').click()]);
    const rows = (await readFile((await download.path()) as string, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(rows).toContainEqual(
      expect.objectContaining({
        // The DPO export's default prompt: the first answer's sources, then the question.
        prompt: promptWithSources(original, (text) => text),
        chosen: refined.answer.text,
        rejected: original.answer.text,
        provenance: expect.objectContaining({ original_trace_id: original.id, refined_trace_id: refined.id }),
      }),
    );
    await log.close();
    await tab.close();
    await page.close();
  });
});
