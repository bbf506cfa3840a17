import type { Page } from 'playwright-core';
import {
  type ExtensionBrowser,
  launchWithExtension,
  launchWithoutExtension,
  readSavedPage,
} from '../tests/support/browser';
import { type Figure, median } from './report';

// Page loads vary by tens of ms on 2 cores: 9 loads each, interleaved, and their medians.
const REPS = 9;
const SETTLE_MS = 1_500;

export const PAGES = {
  withAnswer: { file: 'google/what_is_quantum_computing_google_ai.html', q: 'what is quantum computing' },
  withoutAnswer: { file: 'google/how_to_code_in_Python_google_ai.html', q: 'how to code in Python' },
};

export const googleUrl = (q: string) => `https://www.google.com/search?q=${encodeURIComponent(q)}`;

/** Main-thread task time (CDP TaskDuration) a page load costs, until things settle. */
async function taskMs(page: Page, url: string, extensionReady?: () => Promise<void>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  await extensionReady?.();
  await page.waitForTimeout(SETTLE_MS);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

export /**
 * Waits (outside the page, in the service worker) until the extension has stored a trace
 * for the n-th load: polling the page itself (e.g. a Playwright locator) would add main-thread
 * work to the very figure being measured.
 */
async function traceStored(browser: ExtensionBrowser, n: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const count = await browser.serviceWorker.evaluate(`new Promise((resolve) => {
      const open = indexedDB.open('stageback');
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('traces')) { db.close(); return resolve(0); }
        const req = db.transaction('traces').objectStore('traces').count();
        req.onsuccess = () => { resolve(req.result); db.close(); };
      };
    })`);
    if (Number(count) >= Math.min(n, 1)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the extension stored no trace');
}

async function measure(file: string, q: string, withStrip: boolean): Promise<{ base: number; ext: number }> {
  const html = await readSavedPage(file);
  const url = googleUrl(q);
  const plain = await launchWithoutExtension();
  const loaded = await launchWithExtension();
  plain.servePage(url, html);
  loaded.servePage(url, html);
  const base: number[] = [];
  const ext: number[] = [];
  try {
    for (let i = 0; i < REPS; i++) {
      const a = await plain.context.newPage();
      base.push(await taskMs(a, url));
      await a.close();
      const b = await loaded.context.newPage();
      ext.push(await taskMs(b, url, withStrip ? () => traceStored(loaded, i + 1) : undefined));
      await b.close();
    }
  } finally {
    await plain.close();
    await loaded.close();
  }
  return { base: median(base), ext: median(ext) };
}

export async function benchPageCost(): Promise<Figure[]> {
  const withAnswer = await measure(PAGES.withAnswer.file, PAGES.withAnswer.q, true);
  const withoutAnswer = await measure(PAGES.withoutAnswer.file, PAGES.withoutAnswer.q, false);
  return [
    {
      name: `main-thread time, saved Google page with an AI Overview + strip (${PAGES.withAnswer.file}, median of ${REPS})`,
      value: Math.round(withAnswer.ext),
      unit: 'ms',
      baseline: { name: 'same page without the extension', value: Math.round(withAnswer.base) },
      target: { ratio: 1.1, atLeast: false },
    },
    {
      name: `main-thread time, saved Google page without an AI answer (${PAGES.withoutAnswer.file}, median of ${REPS})`,
      value: Math.round(withoutAnswer.ext),
      unit: 'ms',
      baseline: { name: 'same page without the extension', value: Math.round(withoutAnswer.base) },
      target: { ratio: 1.02, atLeast: false },
    },
  ];
}
