import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { axeViolations, serious } from '../support/axe';
import {
  DEMO_PAGE,
  DEMO_URL,
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
  stripTakesFeedback,
} from '../support/browser';

let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchWithExtension();
});
afterAll(() => browser?.close());

async function stored<T>(table: string): Promise<T[]> {
  const popup = await browser.extensionPage('popup.html');
  const rows = await readStore<T>(popup, table);
  await popup.close();
  return rows;
}

const userEvents = async () =>
  (await stored<FeedbackEvent>('events')).filter((e) => e.origin === 'user').sort((a, b) => a.id.localeCompare(b.id));

/** The gap in CSS pixels between the card's box and the link it is about (0 when they touch). */
async function gapToCard(page: Page, link: Locator): Promise<number> {
  await page.waitForFunction(() => (document.querySelector('stageback-card')?.getBoundingClientRect().height ?? 0) > 0);
  const card = await page.locator('stageback-card').boundingBox();
  const at = await link.boundingBox();
  if (!card || !at) throw new Error('no box');
  const dx = Math.max(0, card.x - (at.x + at.width), at.x - (card.x + card.width));
  const dy = Math.max(0, card.y - (at.y + at.height), at.y - (card.y + card.height));
  return Math.hypot(dx, dy);
}

describe('a card at the page’s own citation links', () => {
  it('on hover grades the source in words, on focus takes keys for the sentence it follows, and the strip agrees', async () => {
    browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    await stripTakesFeedback(page);
    const [trace] = await stored<Trace>('traces');
    if (!trace) throw new Error('no trace');
    const cdc = trace.sources.find((s) => s.url.includes('cdc.gov'));
    if (!cdc) throw new Error('no CDC source');

    // The chip after the second sentence, as Google shows it.
    const chip = page.getByRole('link', { name: 'About Sleep - CDC' }).first();
    expect(await chip.textContent()).toBe('CDC');
    await chip.hover();
    const card = page.locator('stageback-card');
    await card.getByTestId('citation-card').waitFor();
    expect(await gapToCard(page, chip)).toBeLessThanOrEqual(40);
    // Grades in words, not bare numbers.
    for (const words of ['0 irrelevant', '1 related', '2 highly relevant', '3 perfectly relevant'])
      expect(await card.getByRole('button', { name: new RegExp(`: ${words}$`) }).textContent()).toBe(words);
    // The source's flags, as in the Sources panel.
    for (const flag of ['unreliable source', 'outdated', 'inaccessible'])
      expect(await card.getByRole('button', { name: `${cdc.domain}: ${flag}` }).count()).toBe(1);
    expect(serious(await axeViolations(page, browser.extensionId, 'stageback-card')).map((v) => v.id)).toEqual([]);
    await card.getByRole('button', { name: /: 3 perfectly relevant$/ }).click();
    await expect.poll(async () => (await userEvents()).length).toBe(1);
    expect((await userEvents())[0]).toMatchObject({
      stage: 'retrieval',
      kind: 'relevance',
      value: 3,
      target: { type: 'source', sourceId: cdc.id },
    });

    // Keyboard: the link itself takes the keys, the card shows what they do.
    await page.mouse.move(0, 0);
    await chip.focus();
    await card.getByTestId('citation-card').waitFor();
    await page.keyboard.press('n');
    await expect.poll(async () => (await userEvents()).length).toBe(2);
    const support = (await userEvents())[1];
    expect(support).toMatchObject({
      stage: 'answer',
      kind: 'label',
      value: { label: 'does_not_support' },
      target: { type: 'citation', sourceId: cdc.id },
    });
    // About the sentence the chip follows.
    const sentence = trace.answer.sentences.find(
      (s) => support?.target.type === 'citation' && s.id === support.target.sentenceId,
    );
    expect(trace.answer.text.slice(sentence?.start, sentence?.end)).toContain('depression');
    await expect
      .poll(() =>
        card.getByRole('button', { name: /for this sentence: does not support$/ }).getAttribute('aria-pressed'),
      )
      .toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);

    // The strip's panel shows the same grade: one store, two places to give it.
    await page.getByRole('button', { name: 'Open Sources panel' }).click();
    const position = cdc.position + 1;
    expect(
      await page.getByRole('button', { name: `source ${position}: 3 perfectly relevant` }).getAttribute('aria-pressed'),
    ).toBe('true');
    await page.close();
  });

  it.skipIf(!existsSync(REAL_PAGES_DIR))('works on a real saved Perplexity answer’s numbered citations', async () => {
    const url = 'https://www.perplexity.ai/search/ai-vs-machine-learning-Xq1bTz9aQ0eYl3kP7vN2wA';
    browser.servePage(url, await readSavedPage('perplexity/AI_vs_machine_learning_perplexity.html'));
    const page = await browser.context.newPage();
    // A narrow window: links near its right edge, where a card must not push the page sideways.
    await page.setViewportSize({ width: 900, height: 800 });
    await page.goto(url);
    await stripTakesFeedback(page);
    const trace = (await stored<Trace>('traces')).find((t) => t.pageUrl === url);
    if (!trace) throw new Error('no trace');
    // The first link in the answer whose address is one of the answer's sources.
    // The first link inside the answer (below its strip) whose address is one of the answer's sources.
    const found = await page.evaluate(
      (urls) => {
        const answer = document.querySelector('stageback-strip')?.nextElementSibling;
        const links = [...(answer?.querySelectorAll<HTMLAnchorElement>('a[href]') ?? [])];
        // The rightmost one: a card there must still fit in the window.
        const cited = links.filter((a) => urls.some((u) => a.href.replace(/\/$/, '') === u.replace(/\/$/, '')));
        const link = cited.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
        link?.setAttribute('data-test-citation', '');
        return link !== undefined;
      },
      trace.sources.map((s) => s.url),
    );
    expect(found).toBe(true);
    const link = page.locator('a[data-test-citation]');
    await link.scrollIntoViewIfNeeded();
    await link.hover();
    const card = page.locator('stageback-card');
    await card.getByTestId('citation-card').waitFor();
    expect(await gapToCard(page, link)).toBeLessThanOrEqual(40);
    // Whole and inside the window: not squeezed against its right edge, not past it.
    const box = await card.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(
      await page.evaluate(() => document.documentElement.clientWidth),
    );
    const before = (await userEvents()).length;
    await card.getByRole('button', { name: /: 1 related$/ }).click();
    await expect.poll(async () => (await userEvents()).length).toBe(before + 1);
    expect((await userEvents()).at(-1)).toMatchObject({ kind: 'relevance', value: 1, target: { type: 'source' } });
    await page.close();
  });
});
