import type { Page } from 'playwright-core';
import { launchWithExtension, readSavedPage } from '../tests/support/browser';
import { largestGooglePage } from './read-time';
import { type Figure, median } from './report';

const INSERTS = 10;
const CLICKS = 20;

/**
 * Takes the AI answer out of the page and puts it back, as Google does when it
 * inserts an Overview late: time from insertion to the strip being in the page
 * and laid out (one animation frame after it appears).
 */
async function insertToStripMs(page: Page): Promise<number[]> {
  return page.evaluate(async (n) => {
    const host = () => document.querySelector('stageback-strip');
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const strip = host();
      const answer = strip?.nextElementSibling;
      if (!strip || !answer?.parentNode) throw new Error('no strip next to an answer');
      const parent = answer.parentNode;
      const next = answer.nextSibling;
      answer.remove();
      await new Promise((r) => setTimeout(r, 200)); // the extension notices the answer is gone
      const t0 = performance.now();
      const seen = new Promise<number>((resolve) => {
        const check = () => {
          const s = host();
          if (s && s.getBoundingClientRect().height > 0) resolve(performance.now());
          else requestAnimationFrame(check);
        };
        check();
      });
      parent.insertBefore(answer, next);
      times.push((await seen) - t0);
    }
    return times;
  }, INSERTS);
}

/** Click a label (alternating thumbs) and time until the strip says it is stored. */
async function clickToStoredMs(page: Page): Promise<number[]> {
  return page.evaluate(async (n) => {
    const root = document.querySelector('stageback-strip')?.shadowRoot;
    if (!root) throw new Error('no strip');
    const status = root.querySelector('[data-testid="strip-status"]');
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const button = root.querySelector<HTMLButtonElement>(`button[aria-label="Overall: ${i % 2 ? 'bad' : 'good'}"]`);
      if (!button || !status) throw new Error('no thumbs');
      const done = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (status.textContent === 'Saved') {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(status, { childList: true, characterData: true, subtree: true });
      });
      const t0 = performance.now();
      button.click();
      times.push((await done) - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    return times;
  }, CLICKS);
}

export async function benchOverlayLatency(): Promise<Figure[]> {
  const { file, url } = await largestGooglePage();
  const browser = await launchWithExtension();
  try {
    browser.servePage(url, await readSavedPage(file));
    const page = await browser.context.newPage();
    await page.goto(url);
    await page
      .locator('stageback-strip button[aria-label="Overall: good"]:not([disabled])')
      .first()
      .waitFor({ timeout: 15_000 });
    const inserts = await insertToStripMs(page);
    const clicks = await clickToStoredMs(page);
    const frame = await page.evaluate(
      () => new Promise<number>((r) => requestAnimationFrame((t0) => requestAnimationFrame((t1) => r(t1 - t0)))),
    );
    return [
      {
        name: `answer inserted → strip visible (${file}, median of ${INSERTS})`,
        value: Number(median(inserts).toFixed(1)),
        unit: 'ms',
        baseline: { name: 'one animation frame in the same page', value: Number(frame.toFixed(1)) },
        target: { max: 100 },
      },
      {
        name: `label click → event stored in IndexedDB (median of ${CLICKS})`,
        value: Number(median(clicks).toFixed(1)),
        unit: 'ms',
        baseline: { name: 'one animation frame in the same page', value: Number(frame.toFixed(1)) },
        target: { max: 50 },
      },
    ];
  } finally {
    await browser.close();
  }
}
