import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../storage/schema';
import { axeViolations, serious } from '../support/axe';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
} from '../support/browser';
import { stripIndexFor } from '../support/select-text';

/**
 * The work surface: a panel for long work (all sources, all citation pairs) floats beside the answer, or along the
 * window's bottom where the answer's column leaves no room, so the answer does not move and stays in view. Moving
 * through the panel marks the source's links on the page; pointing at a link on the page selects its item.
 */
const CASES = [
  // Google's results are 1,100 px wide, its answer's text ends at about 1,080 px: room on the right at 1,600 px.
  { file: 'google/how_to_improve_sleep_google_ai.html', side: 'right', width: 1600, height: 900 },
  // The saved Perplexity answer's text spans the window: the panel takes the window's bottom.
  { file: 'perplexity/AI_vs_machine_learning_perplexity.html', side: 'bottom', width: 1280, height: 720 },
] as const;

const haveShared = existsSync(REAL_PAGES_DIR);
const urlOf = (file: string): string => {
  const line = readFileSync(path.join(REAL_PAGES_DIR, 'facts.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes(`"file":"${file}"`));
  if (!line) throw new Error(`no fact for ${file}`);
  return JSON.parse(line).url;
};

let browser: ExtensionBrowser;
beforeAll(async () => {
  if (haveShared) browser = await launchWithExtension();
});
afterAll(() => browser?.close());

async function traces(): Promise<Trace[]> {
  const popup = await browser.extensionPage('popup.html');
  const rows = await readStore<Trace>(popup, 'traces');
  await popup.close();
  return rows;
}

/** The answer's box, and whether its first line is on screen and not under anything (ours included). */
function answerSeen(page: Page, index: number) {
  return page.evaluate((i) => {
    const answer = document.querySelectorAll('stageback-strip')[i]?.nextElementSibling;
    const box = answer?.getBoundingClientRect();
    if (!answer || !box) return null;
    const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode();
    while (text && !text.textContent?.trim()) text = walker.nextNode();
    const range = document.createRange();
    if (text) range.selectNodeContents(text);
    const line = range.getClientRects()[0];
    const hit = line ? document.elementFromPoint(line.left + 2, line.top + line.height / 2) : null;
    return {
      top: box.top,
      pageTop: box.top + scrollY,
      left: box.left,
      right: box.right,
      firstLineUncovered: !!hit && answer.contains(hit),
      hit: hit?.outerHTML.slice(0, 80),
      line: line?.toJSON(),
    };
  }, index);
}

/** The answer's lines on screen that the box covers (their first words). */
function linesUnder(page: Page, index: number, box: { x: number; y: number; width: number; height: number }) {
  return page.evaluate(
    ({ i, b }) => {
      const answer = document.querySelectorAll('stageback-strip')[i]?.nextElementSibling;
      if (!answer) return ['no answer'];
      const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      const under: string[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent?.trim()) continue;
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
          const onScreen = r.bottom > 0 && r.top < innerHeight && r.width > 0;
          const overlaps = r.right > b.x && r.left < b.x + b.width && r.bottom > b.y && r.top < b.y + b.height;
          if (onScreen && overlaps) under.push(n.textContent.trim().slice(0, 30));
        }
      }
      return under;
    },
    { i: index, b: box },
  );
}

describe.skipIf(!haveShared)('the panel for long work keeps the answer in view', () => {
  for (const c of CASES) {
    it(`${c.file.split('/')[0]}: floats at the ${c.side}, answer unmoved; panel and page point at each other`, async () => {
      const url = urlOf(c.file);
      browser.servePage(url, await readSavedPage(c.file));
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: c.width, height: c.height });
      await page.goto(url);
      let trace: Trace | undefined;
      await expect
        .poll(async () => {
          trace = (await traces())
            .filter((t) => t.pageUrl === new URL(url).href)
            .sort((a, b) => b.sources.length - a.sources.length)[0];
          return trace?.sources.length ?? 0;
        })
        .toBeGreaterThan(2);
      if (!trace) return;
      const first = trace.answer.sentences[0];
      const words = trace.answer.text.slice(first?.start, first?.end).split(/\s+/).slice(0, 4).join(' ');
      const index = await stripIndexFor(page, words);
      expect(index).toBeGreaterThanOrEqual(0);
      const strip = page.locator('stageback-strip').nth(index);
      await strip.scrollIntoViewIfNeeded();
      const before = await answerSeen(page, index);

      await strip.getByRole('button', { name: 'Open Sources panel' }).click();
      const panel = strip.locator('#stageback-panel');
      await expect.poll(() => panel.getAttribute('class')).toBe(`dock dock-${c.side}`);
      const box = await panel.boundingBox();
      if (!box) throw new Error('no panel box');
      // Inside the window, whole.
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(c.width);
      expect(box.y + box.height).toBeLessThanOrEqual(c.height);
      expect(box.width).toBeGreaterThanOrEqual(320);
      // The answer did not move, and its first line is still there to read.
      const after = await answerSeen(page, index);
      // (A sheet along the bottom may scroll the page to show the answer's start: the answer's place in the page
      // is what must not change.)
      expect(after?.pageTop).toBeCloseTo(before?.pageTop ?? Number.NaN, 0);
      expect(after?.firstLineUncovered, JSON.stringify(after)).toBe(true);
      // Beside the answer, no line of it is under the panel.
      if (c.side !== 'bottom') expect(await linesUnder(page, index, box)).toEqual([]);
      expect(serious(await axeViolations(page, browser.extensionId, 'stageback-strip')).map((v) => v.id)).toEqual([]);

      // Which sources the answer links to, in the panel's order (their position).
      const linked = await page.evaluate(
        ({ i, sources }) => {
          const answer = document.querySelectorAll('stageback-strip')[i]?.nextElementSibling;
          const hrefs = [...(answer?.querySelectorAll<HTMLAnchorElement>('a[href]') ?? [])]
            .filter((a) => a.checkVisibility() && a.getBoundingClientRect().width > 0)
            .map((a) => a.href.replace(/\/$/, ''));
          return sources.filter((s) => hrefs.includes(s.url.replace(/\/$/, ''))).map((s) => s.position);
        },
        { i: index, sources: trace.sources.map((s) => ({ url: s.url, position: s.position })) },
      );
      const target = linked.find((p) => p > 0);
      if (target === undefined) throw new Error('no linked source after the first');

      // J from the item before it: focus moves to the source, and the page marks that source's own links.
      const grade = (position: number) => strip.getByRole('button', { name: `source ${position + 1}: 0 irrelevant` });
      await grade(target - 1).focus();
      await page.keyboard.press('j');
      // (Focus lands on the item's first control, its title link.)
      const focusedInItem = () =>
        grade(target).evaluate((b) => !!(b.getRootNode() as ShadowRoot).activeElement?.closest('li')?.contains(b));
      await expect.poll(focusedInItem).toBe(true);
      const marked = () =>
        page.evaluate(() => {
          const ranges = [...(CSS.highlights.get('stageback-pointed') ?? [])] as Range[];
          return ranges.map((r) => {
            const at0 = r.startContainer;
            const link = (at0 instanceof Element ? at0 : at0.parentElement)?.closest('a');
            const at = r.getBoundingClientRect();
            return { href: link?.href.replace(/\/$/, '') ?? '', top: at.top, bottom: at.bottom };
          });
        });
      const source = trace.sources.find((s) => s.position === target);
      await expect.poll(async () => (await marked()).length).toBeGreaterThan(0);
      const marks = await marked();
      // Its own links on the page, and the sentences that cite it.
      const links = marks.filter((m) => m.href);
      expect(links.length).toBeGreaterThan(0);
      for (const m of links) expect(m.href).toBe(source?.url.replace(/\/$/, ''));
      expect(marks.length - links.length).toBe(source?.citingSentenceIds.length);
      // The first mark is in view, above the panel where the panel takes the bottom.
      const visibleBottom = c.side === 'bottom' ? box.y : c.height;
      expect(marks[0]?.top).toBeGreaterThanOrEqual(0);
      expect(marks[0]?.bottom).toBeLessThanOrEqual(visibleBottom);

      // Pointing at a link on the page selects its source in the panel, scrolled into the panel's view.
      const other = linked.find((p) => p !== target) ?? target;
      await page.evaluate(
        ({ i, href }) => {
          const answer = document.querySelectorAll('stageback-strip')[i]?.nextElementSibling;
          const link = [...(answer?.querySelectorAll<HTMLAnchorElement>('a[href]') ?? [])].find(
            (a) => a.href.replace(/\/$/, '') === href && a.checkVisibility() && a.getBoundingClientRect().width > 0,
          );
          link?.setAttribute('data-test-pointed', '');
        },
        { i: index, href: trace.sources.find((s) => s.position === other)?.url.replace(/\/$/, '') ?? '' },
      );
      const link = page.locator('a[data-test-pointed]');
      await link.scrollIntoViewIfNeeded();
      await link.hover();
      const current = strip.locator('li[aria-current="true"]');
      await expect.poll(() => current.count()).toBe(1);
      expect(await current.locator('.pos').textContent()).toBe(String(other + 1));
      const item = await current.boundingBox();
      const shown = await panel.boundingBox();
      if (!item || !shown) throw new Error('no item box');
      expect(item.y).toBeGreaterThanOrEqual(shown.y - 1);
      expect(item.y).toBeLessThan(shown.y + shown.height);

      // Another panel opens at its top, not at the scroll the last one was left at.
      await panel.evaluate((p) => {
        p.scrollTop = 200;
      });
      await strip.getByRole('button', { name: 'Open Answer panel' }).click();
      await expect.poll(() => strip.getByRole('region', { name: 'Answer', exact: true }).count()).toBe(1);
      expect(await panel.evaluate((p) => p.scrollTop)).toBe(0);
      await strip.getByRole('button', { name: 'Open Sources panel' }).click();

      // The panel's own close button, and Esc, put it away; focus goes back to the strip.
      await strip.getByRole('button', { name: 'Hide panel' }).click();
      await expect.poll(() => panel.getAttribute('class')).toBeNull();
      expect(await strip.getByRole('region', { name: 'Sources' }).count()).toBe(0);
      await page.close();
    });
  }
});

describe.skipIf(!haveShared)('pointing at a sentence', () => {
  it('selects its citation pairs in the floating Answer panel', async () => {
    const file = 'perplexity/AI_vs_machine_learning_perplexity.html';
    const url = urlOf(file);
    browser.servePage(url, await readSavedPage(file));
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(url);
    let trace: Trace | undefined;
    await expect
      .poll(async () => {
        trace = (await traces()).find((t) => t.pageUrl === new URL(url).href && t.sources.length > 0);
        return trace !== undefined;
      })
      .toBe(true);
    if (!trace) return;
    const strip = page.locator('stageback-strip').first();
    await strip.getByRole('button', { name: 'Open Answer panel' }).click();
    await expect.poll(() => strip.locator('#stageback-panel').getAttribute('class')).toMatch(/^dock /);
    const sources = trace.sources;
    const cited = trace.answer.sentences.filter((s) => sources.some((src) => src.citingSentenceIds.includes(s.id)));
    // The second cited sentence: the first is where the panel's list starts anyway.
    const sentence = cited[1] ?? cited[0];
    const words = trace.answer.text.slice(sentence?.start, sentence?.end).trim().slice(0, 24);
    const point = await page.evaluate((wanted) => {
      const answer = document.querySelector('stageback-strip')?.nextElementSibling;
      const walker = document.createTreeWalker(answer as Node, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent?.indexOf(wanted) ?? -1;
        if (at < 0) continue;
        (n.parentElement as Element).scrollIntoView({ block: 'center' });
        const range = document.createRange();
        range.setStart(n, at + 4);
        range.setEnd(n, at + 8);
        const box = range.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
      return null;
    }, words);
    expect(point, words).not.toBeNull();
    await page.mouse.move(point?.x ?? 0, point?.y ?? 0);
    await page.mouse.move((point?.x ?? 0) + 2, point?.y ?? 0);
    const current = strip.locator('[aria-current="true"]');
    const pairs = sources.filter((src) => src.citingSentenceIds.includes(sentence?.id ?? '')).length;
    await expect.poll(() => current.count()).toBe(pairs);
    // The rows are that sentence's: its quote heads their item.
    const quote = await current.first().evaluate((row) => row.closest('li')?.querySelector('q')?.textContent ?? '');
    expect(quote).toContain(words);
    await page.close();
  });
});

describe.skipIf(!haveShared)('in a chat of several answers', () => {
  it('floats one panel at a time: opening another answer’s panel closes the first', async () => {
    const file = 'chatgpt/chat-simple-2026-01-29.html';
    const url = urlOf(file);
    browser.servePage(url, await readSavedPage(file));
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(url);
    const strips = page.locator('stageback-strip');
    await expect.poll(() => strips.count()).toBeGreaterThan(1);
    const [first, second] = [strips.nth(0), strips.nth(1)];
    for (const strip of [first, second]) {
      // A short reply's strip starts compact: "More" shows every part.
      const more = strip.getByRole('button', { name: 'More' });
      if (await more.isVisible()) await more.click();
    }
    await first.getByRole('button', { name: 'Open Answer panel' }).click();
    await expect.poll(() => first.locator('#stageback-panel').getAttribute('class')).toMatch(/^dock /);
    await second.getByRole('button', { name: 'Open Answer panel' }).click();
    await expect.poll(() => second.locator('#stageback-panel').getAttribute('class')).toMatch(/^dock /);
    await expect
      .poll(() => first.getByRole('button', { name: 'Open Answer panel' }).getAttribute('aria-expanded'))
      .toBe('false');
    expect(await first.locator('#stageback-panel').getAttribute('class')).toBeNull();
    await page.close();
  });
});
