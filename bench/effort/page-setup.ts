import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { type ExtensionBrowser, REAL_PAGES_DIR, readSavedPage, readStore } from '../../tests/support/browser';
import { stripIndexFor } from '../../tests/support/select-text';
import type { Point } from './klm';

export const VIEWPORT = { width: 1600, height: 900 } as const;

export async function urlOf(file: string): Promise<string> {
  const line = (await readFile(path.join(REAL_PAGES_DIR, 'facts.jsonl'), 'utf8'))
    .split('\n')
    .find((l) => l.includes(`"file":"${file}"`));
  if (!line) throw new Error(`no fact for ${file}`);
  return JSON.parse(line).url;
}

export interface Loaded {
  page: Page;
  strip: Locator;
  stripIndex: number;
  trace: Trace;
  /** Sources in the panel's order, and the (sentence, source) pairs the Answer panel lists. */
  sources: number;
  pairs: number;
}

async function fromPopup<T>(browser: ExtensionBrowser, table: string): Promise<T[]> {
  const popup = await browser.extensionPage('popup.html');
  try {
    return await readStore<T>(popup, table);
  } finally {
    await popup.close();
  }
}

export const userEvents = async (browser: ExtensionBrowser) =>
  (await fromPopup<FeedbackEvent>(browser, 'events')).filter((e) => e.origin === 'user');

/** Loads the saved page under its real address and waits for the strip of its answer (the trace with most sources). */
export async function loadPage(browser: ExtensionBrowser, file: string): Promise<Loaded> {
  const url = await urlOf(file);
  browser.servePage(url, await readSavedPage(file));
  const page = await browser.context.newPage();
  await page.setViewportSize(VIEWPORT);
  await page.goto(url);
  let trace: Trace | undefined;
  for (const deadline = Date.now() + 30_000; !trace || trace.sources.length === 0; await page.waitForTimeout(250)) {
    if (Date.now() > deadline) throw new Error(`${file}: no trace with sources`);
    trace = (await fromPopup<Trace>(browser, 'traces'))
      .filter((t) => t.pageUrl === new URL(url).href)
      .sort((a, b) => b.sources.length - a.sources.length)[0];
  }
  await page.bringToFront();
  const first = trace.answer.sentences[0];
  const words = trace.answer.text.slice(first?.start, first?.end).split(/\s+/).slice(0, 4).join(' ');
  const stripIndex = await stripIndexFor(page, words);
  if (stripIndex < 0) throw new Error(`${file}: no strip before the answer`);
  const strip = page.locator('stageback-strip').nth(stripIndex);
  await strip.locator('button[aria-label="Overall: good"]:not([disabled])').waitFor({ timeout: 20_000 });
  const sources = trace.sources.length;
  const pairs = trace.sources.reduce((n, s) => n + s.citingSentenceIds.length, 0);
  return { page, strip, stripIndex, trace, sources, pairs };
}

/**
 * The span to label: the first words of the answer's first sentence, selected as a mouse drag would leave it
 * (a script selection ended by a trusted mouse release, tests/support/select-text.ts: a real drag that starts on a
 * link would drag the link instead). Returns the drag's ends, for pointer travel.
 */
export async function spanText(loaded: Loaded): Promise<string> {
  const { trace } = loaded;
  const first = trace.answer.sentences[0];
  return trace.answer.text
    .slice(first?.start, first?.end)
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(0, 5)
    .join(' ');
}

export function selectionEnds(page: Page): Promise<{ from: Point; to: Point }> {
  return page.evaluate(() => {
    const range = getSelection()?.rangeCount ? getSelection()?.getRangeAt(0) : null;
    const rects = range ? [...range.getClientRects()] : [];
    const a = rects[0];
    const b = rects[rects.length - 1];
    if (!a || !b) throw new Error('no selection');
    return {
      from: { x: Math.round(a.left + 1), y: Math.round(a.top + a.height / 2) },
      to: { x: Math.round(b.right - 1), y: Math.round(b.top + b.height / 2) },
    };
  });
}

/** Waits for the span toolbar to be laid out. */
export async function toolbarShown(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const box = document.querySelector('stageback-toolbar')?.getBoundingClientRect();
    return !!box && box.width > 0 && box.height > 0;
  });
}

/** What the focus command (Alt+Shift+S) sends; a key press from Playwright does not reach browser accelerators. */
export async function focusCommand(browser: ExtensionBrowser, page: Page): Promise<void> {
  await page.bringToFront();
  await browser.serviceWorker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    await chrome.tabs.sendMessage(tab?.id ?? -1, { id: 1, type: 'focusStrip', data: undefined, timestamp: Date.now() });
  });
}
