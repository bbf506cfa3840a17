import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../storage/schema';
import {
  DEMO_PAGE,
  DEMO_URL,
  type ExtensionBrowser,
  launchWithExtension,
  readStore,
  stripTakesFeedback,
} from '../support/browser';
import { exportFromLog } from '../support/export-download';

// The page's own text, as a hostile site would write it: markup with handlers in a source title and in the answer,
// and source links to javascript: and data: addresses. Everywhere the extension shows it, it must stay text.
const TITLE = '<img src=x onerror=alert(1)>About <b>Sleep</b> - CDC';
const IN_ANSWER = '<img src=x onerror=alert(2)>';
const htmlEscaped = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

async function hostilePage(): Promise<string> {
  const html = await readFile(DEMO_PAGE, 'utf8');
  const page = html
    .replaceAll('About Sleep - CDC', htmlEscaped(TITLE))
    .replaceAll('https://www.nhlbi.nih.gov/health/sleep/how-much-sleep#:~:text=adults', 'javascript:alert(3)')
    .replaceAll(
      'https://www.sleepfoundation.org/how-sleep-works/how-much-sleep-do-we-really-need?utm_source=google',
      'data:text/html,%3Cscript%3Ealert(4)%3C/script%3E',
    )
    .replace('Most adults need seven or more hours', `${htmlEscaped(IN_ANSWER)}Most adults need seven or more hours`);
  expect(page).not.toBe(html);
  return page;
}

let browser: ExtensionBrowser;
let page: Page;
const dialogs: string[] = [];
const watch = (p: Page) => p.on('dialog', (d) => void dialogs.push(d.message()).toString());

beforeAll(async () => {
  browser = await launchWithExtension();
  browser.context.on('page', watch);
  browser.servePage(DEMO_URL, await hostilePage());
  page = await browser.context.newPage();
  await page.goto(DEMO_URL);
  await stripTakesFeedback(page);
});
afterAll(() => browser?.close());

/** Nothing the page wrote became markup or a live link in `scope` (a strip, an extension page). */
async function expectInert(where: string, scope: ReturnType<Page['locator']>) {
  expect(await scope.locator('img[src="x"], [onerror], b').count(), `${where}: page markup became elements`).toBe(0);
  expect(
    await scope.locator('a[href^="javascript:" i], a[href^="data:" i], [src^="javascript:" i]').count(),
    `${where}: a javascript: or data: link`,
  ).toBe(0);
}

describe('hostile page text', () => {
  it('is text in the strip and its panels', async () => {
    await page.getByRole('button', { name: 'Overall: good' }).click();
    await page.getByRole('button', { name: 'Open Sources panel' }).click();
    const strip = page.locator('stageback-strip');
    await expect.poll(() => strip.getByText(TITLE).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'source 1: 3 perfectly relevant' }).click();
    await expect.poll(() => page.getByTestId('strip-status').textContent()).toBe('Saved');
    await page.getByRole('button', { name: 'Open Answer panel' }).click();
    await expectInert('strip', strip);
    const trace = (await readStore<Trace>(await browser.extensionPage('popup.html'), 'traces'))[0];
    expect(trace?.sources.map((s) => s.title)).toContain(TITLE);
    expect(trace?.answer.text).toContain(IN_ANSWER);
    for (const source of trace?.sources ?? []) expect(source.url).toMatch(/^https:/);
  });

  it('is text in the popup and the log page', async () => {
    const popup = await browser.extensionPage('popup.html');
    await expect.poll(() => popup.getByTestId('recent').textContent()).toContain('Overall');
    await expectInert('popup', popup.locator('body'));

    const log = await browser.extensionPage('log.html');
    // The log opens by answer: the hostile query, answer and sources are text in the card and in the detail.
    await log.getByTestId('answer-card').first().getByRole('button').first().click();
    await log.getByTestId('detail').waitFor();
    expect(await log.getByTestId('detail-sources').textContent()).toContain(TITLE);
    expect(await log.getByTestId('detail-answer').textContent()).toContain(IN_ANSWER);
    await expectInert('log page', log.locator('body'));
  });

  it('is data in every export: kept as written, never a javascript: or data: address', async () => {
    const log = await browser.extensionPage('log.html');
    const formats = await log
      .getByTestId('export-format')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const format of formats) {
      await log.getByTestId('export-format').selectOption(format);
      const download = await exportFromLog(log);
      if (!download) {
        expect(format, 'a format that always has rows').not.toMatch(/^(jsonl|csv)$/);
        continue;
      }
      const text = await readFile(await download.path(), 'utf8');
      expect(text, format).not.toMatch(/javascript:|data:text/i);
      if (format === 'jsonl') {
        const trace = text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .find((l) => l.type === 'trace');
        expect(trace.trace.sources.map((s: { title: string }) => s.title)).toContain(TITLE);
      }
    }
    expect(dialogs).toEqual([]);
  });
});
