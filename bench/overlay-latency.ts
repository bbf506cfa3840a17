import type { Page } from 'playwright-core';
import { launchWithExtension, readSavedPage } from '../tests/support/browser';
import { contentWorld } from '../tests/support/content-world';
import { largestGooglePage } from './read-time';
import { type Figure, median } from './report';

type ContentWorld = Awaited<ReturnType<typeof contentWorld>>;

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

/**
 * Click a label (alternating thumbs) and time until the strip says it is stored. The strip's shadow root is closed
 * and takes only trusted input: the clicks are real mouse input (CDP), the timing runs in the extension's world
 * (`chrome.dom` reaches the root), from the click's pointerdown to the status reading "Saved".
 */
async function clickToStoredMs(page: Page, world: ContentWorld): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < CLICKS; i++) {
    const box = await world.evaluate<{ x: number; y: number }>(`(() => {
      const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('stageback-strip'));
      const status = root?.querySelector('[data-testid="strip-status"]');
      const button = root?.querySelector('button[aria-label="Overall: ${i % 2 ? 'bad' : 'good'}"]');
      if (!status || !button) throw new Error('no thumbs');
      let t0 = 0;
      root.addEventListener('pointerdown', (e) => { t0 = e.timeStamp; }, { capture: true, once: true });
      globalThis.benchStored = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (status.textContent === 'Saved') {
            observer.disconnect();
            resolve(performance.now() - t0);
          }
        });
        observer.observe(status, { childList: true, characterData: true, subtree: true });
      });
      const r = button.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    })()`);
    await page.mouse.click(box.x, box.y);
    times.push(await world.evaluate<number>('globalThis.benchStored'));
    await page.waitForTimeout(20);
  }
  return times;
}

export async function benchOverlayLatency(): Promise<Figure[]> {
  const { file, url } = await largestGooglePage();
  // No locators into the strip here: the DevTools DOM tracking they need (tests/support/closed-shadow.ts) would
  // add to the insertion time being measured.
  const browser = await launchWithExtension({ pierceClosedShadowRoots: false });
  try {
    browser.servePage(url, await readSavedPage(file));
    const page = await browser.context.newPage();
    await page.goto(url);
    const world = await contentWorld(page, browser.extensionId);
    const ready = `!!chrome.dom.openOrClosedShadowRoot(document.querySelector('stageback-strip') ?? document.body)?.querySelector('button[aria-label="Overall: good"]:not([disabled])')`;
    for (const deadline = Date.now() + 15_000; !(await world.evaluate<boolean>(ready)); ) {
      if (Date.now() > deadline) throw new Error('no strip takes feedback');
      await page.waitForTimeout(50);
    }
    const inserts = await insertToStripMs(page);
    const clicks = await clickToStoredMs(page, world);
    await world.detach();
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
