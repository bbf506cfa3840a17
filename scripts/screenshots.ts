/**
 * `npm run screenshots`: store and README screenshots (1280×800) of Stageback's surfaces on real saved pages
 * (../shared/fixtures/real-pages, served under their live URLs with no network) and on its own pages.
 * Writes docs/screenshots/<name>.png; build first (`npx wxt build`).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REPO_ROOT,
  readSavedPage,
  stripTakesFeedback,
} from '../tests/support/browser';
import { selectTextInAnswer } from '../tests/support/select-text';

const SIZE = { width: 1280, height: 800 };
const OUT = path.join(REPO_ROOT, 'docs/screenshots');

interface Shot {
  name: string;
  what: string;
  take(browser: ExtensionBrowser): Promise<Page>;
}

async function savedPage(browser: ExtensionBrowser, file: string, url: string): Promise<Page> {
  browser.servePage(url, await readSavedPage(file));
  const page = await browser.context.newPage();
  await page.setViewportSize(SIZE);
  await page.goto(url);
  await stripTakesFeedback(page);
  return page;
}

/** Scrolls so the first strip sits near the top of the window, as a user reading the answer would see it. */
async function showStrip(page: Page): Promise<void> {
  await page
    .locator('stageback-strip')
    .first()
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -60));
}

async function extensionPage(browser: ExtensionBrowser, name: string): Promise<Page> {
  const page = await browser.extensionPage(name);
  await page.setViewportSize(SIZE);
  await page.waitForLoadState('load');
  return page;
}

const GOOGLE = {
  file: 'google/how_to_improve_sleep_google_ai.html',
  url: 'https://www.google.com/search?q=how%20to%20improve%20sleep',
};

export const SHOTS: Shot[] = [
  {
    name: 'google-overview-legacy',
    what: 'The strip above a Google AI Overview',
    async take(browser) {
      const page = await savedPage(browser, GOOGLE.file, GOOGLE.url);
      await showStrip(page);
      return page;
    },
  },
  {
    name: 'work-surface',
    what: 'Sources floating beside a Google AI Overview: the focused source’s own links marked on the page',
    async take(browser) {
      const page = await savedPage(browser, GOOGLE.file, GOOGLE.url);
      await page.setViewportSize({ width: 1600, height: 900 });
      await showStrip(page);
      await page.getByRole('button', { name: 'Open Sources panel' }).first().click();
      await page.getByRole('button', { name: 'source 2: 0 irrelevant' }).first().focus();
      return page;
    },
  },
  {
    name: 'perplexity-2026',
    what: 'The strip on a Perplexity answer (2026 markup)',
    async take(browser) {
      const page = await savedPage(
        browser,
        'perplexity/devtools-chat-simple-2026-02-02.html',
        'https://www.perplexity.ai/search/perplexity-html--Xq1bTz9aQ0eYl3kP7vN2wA',
      );
      await showStrip(page);
      return page;
    },
  },
  {
    name: 'bing',
    what: 'The strip on a Bing generative answer',
    async take(browser) {
      const page = await savedPage(
        browser,
        'bing/how_to_improve_sleep_bing_ai.html',
        'https://www.bing.com/search?q=how%20to%20improve%20sleep',
      );
      await showStrip(page);
      return page;
    },
  },
  {
    name: 'span-toolbar',
    what: 'Selected text in a Google AI Overview, with the span toolbar just under it',
    async take(browser) {
      const page = await savedPage(browser, GOOGLE.file, GOOGLE.url);
      await showStrip(page);
      const words = await page.evaluate(() => {
        const answer = document.querySelector('stageback-strip')?.nextElementSibling;
        // The answer's first visible line, as a reader would select it (textContent holds hidden text too).
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
        const first = ((answer as HTMLElement | null)?.innerText ?? '')
          .split('\n')
          .find((l) => l.split(' ').length > 8);
        return (first ?? '').trim().split(/\s+/).slice(0, 8).join(' ');
      });
      if (!(await selectTextInAnswer(page, 0, words))) throw new Error(`"${words}" is not in the answer`);
      await page.locator('stageback-toolbar button').first().waitFor();
      return page;
    },
  },
  {
    name: 'citations',
    what: 'The Answer panel: each sentence once, a row per cited source, keys and progress',
    async take(browser) {
      const page = await savedPage(
        browser,
        'perplexity/AI_vs_machine_learning_perplexity.html',
        'https://www.perplexity.ai/search/ai-vs-machine-learning-Xq1bTz9aQ0eYl3kP7vN2wA',
      );
      await page.getByRole('button', { name: 'Open Answer panel' }).first().click();
      await showStrip(page);
      return page;
    },
  },
  {
    name: 'citation-card',
    what: "The card at one of a Perplexity answer's own citation links: the source's grade in words, flags, support",
    async take(browser) {
      const url = 'https://www.perplexity.ai/search/ai-vs-machine-learning-Xq1bTz9aQ0eYl3kP7vN2wA';
      const page = await savedPage(browser, 'perplexity/AI_vs_machine_learning_perplexity.html', url);
      // The answer's first link to one of its sources, as the reader would point at it.
      await page.evaluate(() => {
        const answer = document.querySelector('stageback-strip')?.nextElementSibling;
        const link = [...(answer?.querySelectorAll('a[href^="http"]') ?? [])].find((a) =>
          /^\d+$/.test(a.textContent ?? ''),
        );
        link?.setAttribute('data-shot', '');
        link?.scrollIntoView({ block: 'center' });
      });
      await page.locator('a[data-shot]').hover();
      await page.locator('stageback-card section').waitFor();
      return page;
    },
  },
  {
    name: 'welcome',
    what: 'The welcome page that opens on install',
    take: (browser) => extensionPage(browser, 'welcome.html'),
  },
  {
    name: 'log-by-answer',
    what: 'The log, by answer, after feedback on a real Google page',
    async take(browser) {
      const page = await savedPage(browser, GOOGLE.file, GOOGLE.url);
      await page.getByRole('button', { name: 'Overall: good' }).first().click();
      await page.getByTestId('strip-status').filter({ hasText: 'Saved' }).first().waitFor();
      await page.close();
      const log = await extensionPage(browser, 'log.html');
      await log.getByTestId('answer-card').first().waitFor();
      return log;
    },
  },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const browser = await launchWithExtension();
  try {
    for (const shot of SHOTS.filter((s) => only.length === 0 || only.includes(s.name))) {
      const page = await shot.take(browser);
      await page.waitForTimeout(300);
      const file = path.join(OUT, `${shot.name}.png`);
      await page.screenshot({ path: file });
      console.log(`${path.relative(REPO_ROOT, file)}: ${shot.what}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
