import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, REAL_PAGES_DIR, readSavedPage } from '../tests/support/browser';
import { pierceClosedShadowRoots } from '../tests/support/closed-shadow';
import { contentWorld } from '../tests/support/content-world';
import { searchUrl } from '../utils/refine/engines';
import { type Figure, median } from './report';

type ContentWorld = Awaited<ReturnType<typeof contentWorld>>;

const RUNS = 10;

/** Per engine, the first search (as in tests/e2e/refine.e2e.ts); the refined tab is answered with another page. */
const FIRST = {
  google: {
    file: 'google/how_to_improve_sleep_google_ai.html',
    url: 'https://www.google.com/search?q=how%20to%20improve%20sleep',
  },
  bing: {
    file: 'bing/how_to_improve_sleep_bing_ai.html',
    url: 'https://www.bing.com/search?q=how%20to%20improve%20sleep',
  },
  perplexity: {
    file: 'perplexity/how_to_manage_anxiety_perplexity.html',
    url: 'https://www.perplexity.ai/search/how-to-manage-anxiety-Xq1bTz9aQ0eYl3kP7vN2wA',
  },
} as const;
type Engine = keyof typeof FIRST;

/** The largest saved page of an engine whose refined search opens another saved page (not the first one). */
async function largestRefinedPage(): Promise<{ engine: Engine; file: string; bytes: number }> {
  const found: { engine: Engine; file: string; bytes: number }[] = [];
  for (const engine of Object.keys(FIRST) as Engine[]) {
    for (const name of await readdir(path.join(REAL_PAGES_DIR, engine))) {
      const file = `${engine}/${name}`;
      if (file === FIRST[engine].file) continue;
      found.push({ engine, file, bytes: (await stat(path.join(REAL_PAGES_DIR, file))).size });
    }
  }
  const largest = found.sort((a, b) => b.bytes - a.bytes)[0];
  if (!largest) throw new Error('no saved pages');
  return largest;
}

/** Feedback on the first answer (a source graded irrelevant, an aspect needed), then Refine: the tab it opens. */
async function refineFrom(page: Page, serve: (url: string) => void): Promise<Page> {
  const pierced = await pierceClosedShadowRoots(page);
  const strip = page.locator('stageback-strip').first();
  await strip.locator('button[aria-label="Overall: good"]:not([disabled])').waitFor({ timeout: 20_000 });
  await strip.getByRole('button', { name: 'Open Sources panel' }).click();
  await strip.getByRole('button', { name: 'source 1: 0 irrelevant' }).click();
  await strip.getByRole('button', { name: 'Open Coverage panel' }).click();
  await strip.getByLabel('An aspect you needed').fill('shift workers');
  await strip.getByRole('button', { name: 'Add aspect' }).click();
  await strip.getByRole('button', { name: 'Refine' }).click();
  const query = await strip.getByTestId('refine-query').inputValue();
  const engine = page.url().includes('bing.com') ? 'bing' : page.url().includes('perplexity') ? 'perplexity' : 'google';
  const url = searchUrl(engine, query, page.url());
  serve(url);
  const [tab] = await Promise.all([page.context().waitForEvent('page'), strip.getByTestId('refine-open').click()]);
  await pierced.detach();
  // A tab the extension opens starts loading before routing reaches it: the same address again, now served.
  if (tab.url() !== url) await tab.goto(url);
  return tab;
}

/**
 * In the extension's world of the refined tab (which sees into the strip's closed shadow root): takes the refined
 * answer out of the page and puts it back complete, as a site does when it re-renders a finished answer, and times
 * from the insertion to the strip laid out beside it (the baseline) and to the comparison laid out in it. Both are
 * polled once per animation frame, so each is the first frame that shows it.
 */
function insertToComparisonMs(world: ContentWorld, runs: number): Promise<{ strip: number[]; comparison: number[] }> {
  return world.evaluate(`(async () => {
    const rootOf = (host) => chrome.dom.openOrClosedShadowRoot(host);
    const shown = (el) => !!el && el.getBoundingClientRect().height > 0;
    const comparisonIn = (host) => rootOf(host)?.querySelector('[data-testid="refine-comparison"]');
    const strip = [];
    const comparison = [];
    for (let i = 0; i < ${runs}; i++) {
      const host = [...document.querySelectorAll('stageback-strip')].find((h) => shown(comparisonIn(h)));
      const answer = host?.nextElementSibling;
      if (!host || !answer?.parentNode) throw new Error('no comparison beside an answer');
      const parent = answer.parentNode;
      const next = answer.nextSibling;
      answer.remove();
      await new Promise((r) => setTimeout(r, 300)); // the extension notices the answer is gone
      if (host.isConnected) throw new Error('the strip stayed without its answer');
      const t0 = performance.now();
      const seen = new Promise((resolve) => {
        let stripAt = 0;
        const check = () => {
          const before = answer.previousElementSibling;
          const newHost = before?.localName === 'stageback-strip' ? before : null;
          if (!stripAt && shown(newHost)) stripAt = performance.now();
          if (stripAt && shown(comparisonIn(newHost))) resolve([stripAt - t0, performance.now() - t0]);
          else requestAnimationFrame(check);
        };
        check();
      });
      parent.insertBefore(answer, next);
      const [s, c] = await seen;
      strip.push(s);
      comparison.push(c);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { strip, comparison };
  })()`);
}

/** The figure: from the refined answer's completion to the comparison shown, on the largest saved page. */
export async function benchRefineLatency(): Promise<Figure[]> {
  const refined = await largestRefinedPage();
  const first = FIRST[refined.engine];
  // No DevTools DOM tracking in the refined tab: it would add to the times measured there.
  const browser = await launchWithExtension({ pierceClosedShadowRoots: false });
  try {
    browser.servePage(first.url, await readSavedPage(first.file));
    const refinedHtml = await readSavedPage(refined.file);
    const page = await browser.context.newPage();
    await page.goto(first.url);
    const tab = await refineFrom(page, (url) => browser.servePage(url, refinedHtml));
    const world = await contentWorld(tab, browser.extensionId);
    const ready = `[...document.querySelectorAll('stageback-strip')].some((h) => !!chrome.dom.openOrClosedShadowRoot(h)?.querySelector('[data-testid="refine-comparison"]'))`;
    for (const deadline = Date.now() + 30_000; !(await world.evaluate<boolean>(ready)); ) {
      if (Date.now() > deadline) throw new Error('the refined tab shows no comparison');
      await tab.waitForTimeout(100);
    }
    const { strip, comparison } = await insertToComparisonMs(world, RUNS);
    await world.detach();
    const mb = (refined.bytes / 1_000_000).toFixed(1);
    return [
      {
        name: `refined answer complete → comparison shown (${refined.file}, ${mb} MB, median of ${RUNS})`,
        value: Number(median(comparison).toFixed(1)),
        unit: 'ms',
        baseline: { name: 'the strip shown for the same insertion', value: Number(median(strip).toFixed(1)) },
        target: { max: 200 },
        note: `slowest ${Math.max(...comparison).toFixed(1)} ms`,
      },
    ];
  } finally {
    await browser.close();
  }
}
