import type { Page } from 'playwright-core';
import {
  type ExtensionBrowser,
  launchWithExtension,
  launchWithoutExtension,
  readSavedPage,
} from '../tests/support/browser';
import { type Figure, median, ratioInterval } from './report';

// Page loads vary by tens of ms on 2 cores: 15 loads each, interleaved, their medians, and a bootstrap interval.
const REPS = 15;
const SETTLE_MS = 1_500;

export const PAGES = {
  withAnswer: { file: 'google/what_is_quantum_computing_google_ai.html', q: 'what is quantum computing' },
  withoutAnswer: { file: 'google/how_to_code_in_Python_google_ai.html', q: 'how to code in Python' },
};

export const googleUrl = (q: string) => `https://www.google.com/search?q=${encodeURIComponent(q)}`;

interface MainThread {
  /** CDP `TaskDuration`: wall-clock time of the main thread's tasks (includes time it waited for a CPU). */
  taskMs: number;
  /** CDP `ThreadTime`: CPU time of the main thread. */
  cpuMs: number;
}

/** Main-thread time a page load costs, until things settle. */
async function taskMs(page: Page, url: string, extensionReady?: () => Promise<void>): Promise<MainThread> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  await extensionReady?.();
  await page.waitForTimeout(SETTLE_MS);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { taskMs: metric('TaskDuration'), cpuMs: metric('ThreadTime') };
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

interface Medians {
  base: MainThread;
  ext: MainThread;
  /** 95% intervals of the ratio ext / base. */
  interval: { taskMs: [number, number]; cpuMs: [number, number] };
}

async function measure(file: string, q: string, withStrip: boolean): Promise<Medians> {
  const html = await readSavedPage(file);
  const url = googleUrl(q);
  const plain = await launchWithoutExtension();
  const loaded = await launchWithExtension();
  plain.servePage(url, html);
  loaded.servePage(url, html);
  const base: MainThread[] = [];
  const ext: MainThread[] = [];
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
  const medians = (runs: MainThread[]) => ({
    taskMs: median(runs.map((r) => r.taskMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
  });
  const interval = (key: keyof MainThread) =>
    ratioInterval(
      base.map((r) => r[key]),
      ext.map((r) => r[key]),
    );
  return { base: medians(base), ext: medians(ext), interval: { taskMs: interval('taskMs'), cpuMs: interval('cpuMs') } };
}

export async function benchPageCost(): Promise<Figure[]> {
  const withAnswer = await measure(PAGES.withAnswer.file, PAGES.withAnswer.q, true);
  const withoutAnswer = await measure(PAGES.withoutAnswer.file, PAGES.withoutAnswer.q, false);
  const ci = ([low, high]: [number, number]) => `ratio 95% interval ${low.toFixed(2)}–${high.toFixed(2)}x`;
  const figures = (label: string, file: string, m: Medians, ratio: number): Figure[] => [
    {
      name: `main-thread task time (TaskDuration), ${label} (${file}, median of ${REPS})`,
      value: Math.round(m.ext.taskMs),
      unit: 'ms',
      baseline: { name: 'same page without the extension', value: Math.round(m.base.taskMs) },
      target: { ratio, atLeast: false },
      note: ci(m.interval.taskMs),
    },
    {
      name: `main-thread CPU time (ThreadTime), ${label}, same loads`,
      value: Math.round(m.ext.cpuMs),
      unit: 'ms',
      baseline: { name: 'same page without the extension', value: Math.round(m.base.cpuMs) },
      target: { ratio, atLeast: false },
      note: ci(m.interval.cpuMs),
    },
  ];
  return [
    ...figures('saved Google page with an AI Overview + strip', PAGES.withAnswer.file, withAnswer, 1.1),
    ...figures('saved Google page without an AI answer', PAGES.withoutAnswer.file, withoutAnswer, 1.02),
  ];
}
