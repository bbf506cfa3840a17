import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDraft } from '../../storage/schema';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  REPO_ROOT,
  readSavedPage,
} from '../support/browser';

const run = promisify(execFile);

/** The page's first strip takes feedback (its answer is stored); a chat thread has a strip per answer. */
const stripReady = (page: Page) =>
  page
    .locator('stageback-strip button[aria-label="Overall: good"]:not([disabled])')
    .first()
    .waitFor({ timeout: 15_000 });

/** `npm run extract -- file [--url URL]`, as a user runs it; its drafts. */
async function extract(file: string, url?: string): Promise<TraceDraft[]> {
  const { stdout } = await run('npx', ['tsx', 'scripts/extract.ts', file, ...(url ? ['--url', url] : [])], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as TraceDraft[];
}

/** What a report must read back the same: the question, the answer text, the sources. */
const reading = (d: TraceDraft) => ({
  siteId: d.siteId,
  query: d.query,
  answer: d.answer.text,
  sources: d.sources.map((s) => s.url),
});

const PAGES = [
  {
    name: 'a Google AI Overview (citations in inline scripts)',
    file: 'google/how_to_improve_sleep_google_ai.html',
    url: 'https://www.google.com/search?q=how%20to%20improve%20sleep',
  },
  {
    name: 'a Perplexity thread',
    file: 'perplexity/AI_vs_machine_learning_perplexity.html',
    url: 'https://www.perplexity.ai/search/ai-vs-machine-learning-Xq1bTz9aQ0eYl3kP7vN2wA',
  },
];
/** A Perplexity chat of 2026 with two answers: the popup reports every answer of its tab. */
const CHAT = {
  file: 'perplexity/devtools-chat-simple-2026-02-02.html',
  url: 'https://www.perplexity.ai/search/perplexity-html--Xq1bTz9aQ0eYl3kP7vN2wA',
};

const haveShared = existsSync(REAL_PAGES_DIR);
let browser: ExtensionBrowser;
let downloads: string;
beforeAll(async () => {
  if (!haveShared) return;
  browser = await launchWithExtension();
  downloads = await mkdtemp(path.join(tmpdir(), 'stageback-reports-'));
  for (const p of [...PAGES, CHAT]) browser.servePage(p.url, await readSavedPage(p.file));
});
afterAll(async () => {
  await browser?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

/** On the report page: placeholders on or off, then "Save file"; the saved file's path. */
async function saveReport(report: Page, placeholders: boolean, name: string): Promise<string> {
  await report.getByRole('button', { name: 'Save file' }).waitFor();
  const box = report.getByLabel(/Replace the page’s words with placeholders/);
  if ((await box.isChecked()) !== placeholders) await box.click();
  const [download] = await Promise.all([
    report.waitForEvent('download'),
    report.getByRole('button', { name: 'Save file' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^stageback-report-www\.[a-z.]+-\d{4}-\d\d-\d\d(-placeholders)?\.html$/);
  const file = path.join(downloads, `${name}-${placeholders ? 'placeholders' : 'plain'}.html`);
  await download.saveAs(file);
  await expect.poll(() => report.getByRole('status').textContent()).toMatch(/^Saved as stageback-report-/);
  return file;
}

describe.skipIf(!haveShared)('"Report this page"', () => {
  for (const p of PAGES) {
    it(`from the strip, on ${p.name}: the saved file reads back as the page did; with placeholders it holds none of the answer`, async () => {
      const original = await extract(path.join(REAL_PAGES_DIR, p.file), p.url);
      expect(original.length).toBeGreaterThan(0);
      const page = await browser.context.newPage();
      await page.goto(p.url);
      await stripReady(page);
      const [report] = await Promise.all([
        browser.context.waitForEvent('page'),
        page.locator('stageback-strip').first().getByRole('button', { name: 'Report page' }).click(),
      ]);
      await report.waitForLoadState();
      expect(report.url()).toMatch(/^chrome-extension:\/\/[a-z]+\/report\.html#/);
      expect(await report.getByTestId('report-page-url').textContent()).toBe(new URL(p.url).href);

      const plain = await saveReport(report, false, path.basename(p.file, '.html'));
      const html = await readFile(plain, 'utf8');
      // Stageback's own UI is not in it; the page's address is, for the extractor.
      expect(html).not.toMatch(/<stageback-|data-stageback|data-wxt-shadow-root/);
      expect(html).toContain(
        `<meta name="stageback-page-url" content="${new URL(p.url).href.replaceAll('&', '&amp;')}">`,
      );
      const fromReport = await extract(plain); // no --url: the file names its page
      const mine = original.map(reading).filter((r) => fromReport.map(reading).some((x) => x.answer === r.answer));
      expect(mine.length).toBeGreaterThan(0);
      // The strip's answer reads back with the same question, answer text and sources.
      expect(fromReport.map(reading)).toContainEqual(original.map(reading)[0]);
      // It is the answer's region, not the whole page.
      const savedSize = (await readFile(path.join(REAL_PAGES_DIR, p.file), 'utf8')).length;
      expect(html.length).toBeLessThan(savedSize);

      const privateFile = await saveReport(report, true, path.basename(p.file, '.html'));
      const hidden = await readFile(privateFile, 'utf8');
      const first = original[0] as TraceDraft;
      // Every sentence of every answer in the region.
      const sentences = fromReport.flatMap((d) =>
        d.answer.sentences.map((s) => d.answer.text.slice(s.start, s.end).trim()).filter((s) => s.length >= 12),
      );
      expect(sentences.length).toBeGreaterThan(1);
      for (const sentence of sentences) expect(hidden, sentence).not.toContain(sentence);
      // Nor the question (its words may still appear in the sources' addresses, which are kept).
      expect(hidden.toLowerCase()).not.toContain(first.query.toLowerCase());
      // Still a page the extractor reads: an answer of the same shape, under the same kind of address.
      const fromPrivate = await extract(privateFile);
      expect(fromPrivate.length).toBeGreaterThan(0);
      expect(fromPrivate[0]?.siteId).toBe(first.siteId);
      expect(Math.abs((fromPrivate[0]?.answer.text.length ?? 0) - first.answer.text.length)).toBeLessThan(
        first.answer.text.length * 0.1,
      );
      await report.close();
      await page.close();
    });
  }

  it('from the popup: every answer of the tab it was opened on is reported', async () => {
    const p = CHAT;
    const page = await browser.context.newPage();
    await page.goto(p.url);
    await stripReady(page);
    const popup = await browser.extensionPage('popup.html');
    await page.bringToFront(); // the popup belongs to the page's tab, which is the active one
    const [report] = await Promise.all([
      browser.context.waitForEvent('page'),
      popup.getByRole('button', { name: 'Report this page' }).click(),
    ]);
    await report.waitForLoadState();
    expect(await report.getByTestId('report-page-url').textContent()).toBe(new URL(p.url).href);
    const file = await saveReport(report, false, 'from-popup');
    const original = await extract(path.join(REAL_PAGES_DIR, p.file), p.url);
    expect(original).toHaveLength(2);
    expect((await extract(file)).map(reading)).toEqual(original.map(reading));
    await report.close();

    // A tab without an answer: the popup says so, and no report opens.
    const blank = await browser.context.newPage();
    await blank.goto('about:blank');
    await blank.bringToFront();
    await popup.getByRole('button', { name: 'Report this page' }).click();
    await expect
      .poll(() => popup.locator('.report-page [role="status"]').textContent())
      .toBe('Stageback shows no answer on this page, so there is nothing to report.');
    await popup.close();
    await page.close();
  });
});
