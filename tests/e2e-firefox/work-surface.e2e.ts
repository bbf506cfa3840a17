import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_PAGES_DIR, readSavedPage } from '../support/browser';
import { type FirefoxWithExtension, launchFirefoxWithExtension, pressStripThumb } from '../support/firefox';

/**
 * The floating panel in Firefox: opened from the strip with the keyboard on a real saved Google page at 1,600 px,
 * it floats right of the answer's text; the answer does not move and its first line stays uncovered. Seen from
 * the page as a hit on the strip's host (its shadow root is closed).
 */
const FILE = 'google/how_to_improve_sleep_google_ai.html';
const haveShared = existsSync(REAL_PAGES_DIR);

let firefox: FirefoxWithExtension;
beforeAll(async () => {
  if (haveShared) firefox = await launchFirefoxWithExtension();
});
afterAll(() => firefox?.close());

function answerPlace(page: Page) {
  return page.evaluate(() => {
    const answer = document.querySelector('stageback-strip')?.nextElementSibling;
    if (!answer) return null;
    const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode();
    while (text && !text.textContent?.trim()) text = walker.nextNode();
    const range = document.createRange();
    if (text) range.selectNodeContents(text);
    const line = range.getClientRects()[0];
    const hit = line ? document.elementFromPoint(line.left + 2, line.top + line.height / 2) : null;
    // The answer's text column: the rightmost edge of its text lines on screen.
    const all = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
    let right = 0;
    for (let n = all.nextNode(); n; n = all.nextNode()) {
      if (!n.textContent?.trim()) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.bottom > 0 && r.top < innerHeight) right = Math.max(right, r.right);
    }
    return {
      pageTop: answer.getBoundingClientRect().top + scrollY,
      right,
      firstLineUncovered: !!hit && answer.contains(hit),
    };
  });
}

/**
 * What points right of the answer's text hit, seen from the page: "panel" where it is a strip's host but outside
 * the host's own box (a strip's bar is in the page's flow; only its floating panel is drawn outside it).
 */
function hitRightOf(page: Page, x: number) {
  return page.evaluate(
    (left) =>
      [0.3, 0.5, 0.7].map((f) => {
        const y = innerHeight * f;
        const hit = document.elementFromPoint(left, y);
        if (hit?.localName !== 'stageback-strip') return hit?.localName ?? null;
        const box = hit.getBoundingClientRect();
        const inBar = left >= box.left && left <= box.right && y >= box.top && y <= box.bottom;
        return inBar ? 'strip bar' : 'panel';
      }),
    x,
  );
}

describe.skipIf(!haveShared)('Firefox ESR: the floating panel', () => {
  it('Sources floats right of the answer on a real Google page; the answer stays where it was', async () => {
    const fact = readFileSync(path.join(REAL_PAGES_DIR, 'facts.jsonl'), 'utf8')
      .split('\n')
      .find((l) => l.includes(`"file":"${FILE}"`));
    const url = JSON.parse(fact ?? '{}').url as string;
    firefox.servePage(url, await readSavedPage(FILE));
    const page = await firefox.newPage();
    // Firefox ESR's BiDi sets the viewport but not the screen orientation that Puppeteer sends with it.
    await page.setViewport({ width: 1600, height: 900 }).catch(() => undefined);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    expect(await page.evaluate(() => innerWidth)).toBe(1600);
    await page.waitForSelector('stageback-strip', { timeout: 15_000 });

    await pressStripThumb(page, 'Open Sources panel');
    const before = await answerPlace(page);
    expect(before?.right).toBeGreaterThan(0);
    const probeX = Math.round((before?.right ?? 0) + 60);
    await expect.poll(() => hitRightOf(page, probeX), { timeout: 10_000 }).toEqual(expect.arrayContaining(['panel']));
    // The middle of the window, right of the text, is the panel's.
    expect((await hitRightOf(page, probeX))[1]).toBe('panel');

    const after = await answerPlace(page);
    expect(after?.pageTop).toBe(before?.pageTop);
    expect(after?.firstLineUncovered).toBe(true);
    // Escape closes it, and the space right of the answer is the page's again.
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await hitRightOf(page, probeX)).includes('panel'), { timeout: 5_000 }).toBe(false);
    await page.close();
  });
});
