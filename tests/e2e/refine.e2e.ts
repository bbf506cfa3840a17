import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptWithSources } from '../../storage/exports/source-context';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { ENGINE_RULES, type RefineEngine, searchUrl } from '../../utils/refine/engines';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
} from '../support/browser';

/**
 * Per engine: the first search (a saved page served under its live address) and the saved page of the same engine
 * the refined search is answered with. `answer` picks the strip (a chat thread holds several answers; the one
 * given feedback must cite sources).
 */
interface Case {
  engine: RefineEngine;
  siteId: string;
  first: { file: string; url: string };
  second: string;
  answer: number;
  proves: string;
}
const FULL = 'feedback, refine, the new tab at the refined address, what changed, better, and the DPO pair';
const CASES: Case[] = [
  {
    engine: 'google',
    siteId: 'google-ai-overview',
    first: {
      file: 'google/how_to_improve_sleep_google_ai.html',
      url: 'https://www.google.com/search?q=how%20to%20improve%20sleep',
    },
    second: 'google/how_to_sleep_better_google_ai.html',
    answer: 0,
    proves: FULL,
  },
  {
    // The two saved pages that carry AI Mode's renderer, served under AI Mode's udm=50 address.
    engine: 'google-ai-mode',
    siteId: 'google-ai-mode',
    first: {
      file: 'google/how_to_invest_in_stocks_google_ai.html',
      url: 'https://www.google.com/search?q=how%20to%20invest%20in%20stocks&udm=50',
    },
    second: 'google/how_to_write_a_resume_google_ai.html',
    answer: 0,
    proves: FULL,
  },
  {
    engine: 'bing',
    siteId: 'bing',
    first: {
      file: 'bing/how_to_improve_sleep_bing_ai.html',
      url: 'https://www.bing.com/search?q=how%20to%20improve%20sleep',
    },
    second: 'bing/how_to_sleep_better_bing_ai.html',
    answer: 0,
    proves: FULL,
  },
  {
    // Both saved while complete (no "Stop generating response").
    engine: 'perplexity',
    siteId: 'perplexity',
    first: {
      file: 'perplexity/how_to_manage_anxiety_perplexity.html',
      url: 'https://www.perplexity.ai/search/how-to-manage-anxiety-Xq1bTz9aQ0eYl3kP7vN2wA',
    },
    second: 'perplexity/how_to_start_a_business_perplexity.html',
    answer: 0,
    proves: FULL,
  },
  {
    // Only one ChatGPT page is saved: the refined search is answered with the same thread. Its last answer (the
    // one with web sources) gets the feedback; the refined tab links whichever answer it captures first.
    engine: 'chatgpt',
    siteId: 'chatgpt',
    first: {
      file: 'chatgpt/chat-simple-2026-01-29.html',
      url: 'https://chatgpt.com/c/6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f',
    },
    second: 'chatgpt/chat-simple-2026-01-29.html',
    answer: 4,
    proves:
      'feedback, refine in words, the new tab at the refined address; the same answer again is not linked to itself, and beside it the comparison says nothing changed and takes a verdict',
  },
];

/** The refined query the strip proposes for one needed aspect and one flagged domain. */
function expectedQuery(engine: RefineEngine, query: string, aspect: string, domain: string): string {
  if (ENGINE_RULES[engine].operators) return `${query} "${aspect}" -site:${domain}`;
  const stop = /[.!?。！？]$/.test(query) ? '' : '.';
  return `${query}${stop} Also cover: ${aspect}. Leave out sources from ${domain}.`;
}

const haveShared = existsSync(REAL_PAGES_DIR);

let browser: ExtensionBrowser;
beforeAll(async () => {
  if (haveShared) browser = await launchWithExtension();
});
afterAll(() => browser?.close());

async function store<T>(table: string): Promise<T[]> {
  const popup = await browser.extensionPage('popup.html');
  const rows = await readStore<T>(popup, table);
  await popup.close();
  return rows;
}

describe.skipIf(!haveShared)('Refine with my feedback', () => {
  it.each(CASES)('$engine: $proves', async ({ engine, siteId, first: FIRST, second: SECOND, answer }) => {
    browser.servePage(FIRST.url, await readSavedPage(FIRST.file));
    const page = await browser.context.newPage();
    await page.goto(FIRST.url);
    const strip = page.locator('stageback-strip').nth(answer);
    // The strip takes feedback once its controls are enabled (a thread's page has one strip per answer).
    await strip.locator('button[aria-label="Overall: good"]:not([disabled])').waitFor();

    // Nothing said yet: Refine says so instead of opening the same search.
    await strip.getByRole('button', { name: 'Refine' }).click();
    await expect.poll(() => strip.getByTestId('refine-nothing').textContent()).toContain('Nothing to refine yet');
    await page.keyboard.press('Escape');

    // Flag the first source irrelevant and say which aspect was missing.
    await strip.getByRole('button', { name: 'Open Sources panel' }).click();
    await strip.getByRole('button', { name: 'source 1: 0 irrelevant' }).click();
    await strip.getByRole('button', { name: 'Open Coverage panel' }).click();
    await strip.getByLabel('An aspect you needed').fill('shift workers');
    await strip.getByRole('button', { name: 'Add aspect' }).click();
    await expect.poll(() => strip.getByTestId('said-count').textContent()).toBe('Feedback given: 2');

    // The answer given feedback (a chat thread's page holds several).
    const givenOn = new Set((await store<FeedbackEvent>('events')).map((e) => e.traceId));
    const original = (await store<Trace>('traces')).find(
      (t) => t.pageUrl === new URL(FIRST.url).href && t.siteId === siteId && givenOn.has(t.id),
    );
    if (!original) throw new Error('the first answer is stored');
    const flagged = original.sources.find((s) => s.position === 0)?.domain;

    // The key R opens Refine from anywhere in the strip (not from a text field).
    await strip.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('r');
    const field = strip.getByTestId('refine-query');
    await field.waitFor();
    const query = await field.inputValue();
    expect(query).toBe(expectedQuery(engine, original.query, 'shift workers', flagged as string));
    // The user edits it before opening.
    const edited = `${query} tips`;
    await field.fill(edited);
    const expected = searchUrl(engine, edited, original.pageUrl);
    browser.servePage(expected, await readSavedPage(SECOND));

    const [tab] = await Promise.all([browser.context.waitForEvent('page'), strip.getByTestId('refine-open').click()]);
    // The address the extension opened, as the browser's tabs see it.
    const opened = await browser.serviceWorker.evaluate(async () => {
      const tabs = await chrome.tabs.query({});
      return tabs.map((t) => t.pendingUrl ?? t.url ?? '');
    });
    expect(opened).toContain(expected);
    // A tab the extension opens starts loading before Playwright's routing reaches it (its first request is never
    // routed, so it shows an error page): the same address is loaded again in that tab, now served.
    if (tab.url() !== expected) await tab.goto(expected);
    expect(tab.url()).toBe(expected);
    await expect.poll(() => strip.getByTestId('refine-status').textContent()).toBe('Opened in a new tab.');

    // The refinement is recorded on the first answer, with the feedback it came from.
    const events = await store<FeedbackEvent>('events');
    const refinement = events.find((e) => e.kind === 'refinement' && e.traceId === original.id);
    // The user's own feedback, not the shadow agent's open proposals on the same answer.
    const given = events
      .filter((e) => e.traceId === original.id && e.kind !== 'refinement' && e.origin === 'user')
      .map((e) => e.id);
    expect(refinement).toMatchObject({
      traceId: original.id,
      stage: 'overall',
      value: { engine, query: edited, url: expected },
    });
    expect(refinement?.kind === 'refinement' && [...refinement.value.feedbackEventIds].sort()).toEqual(given.sort());

    if (SECOND === FIRST.file) {
      // The same saved thread again: its answers are the ones already stored (same content). The earlier answers
      // of the thread are not the refined one; the answer given feedback comes back as the same trace, which is
      // not linked to itself, and beside it the comparison says plainly that nothing changed.
      const strips = tab.locator('stageback-strip');
      const comparison = strips.nth(answer).getByTestId('refine-comparison');
      await comparison.waitFor({ timeout: 20_000 });
      await expect
        .poll(() => strips.locator('button[aria-label="Overall: good"]:not([disabled])').count())
        .toBe(await page.locator('stageback-strip').count());
      expect(await strips.getByTestId('refine-comparison').count()).toBe(1);
      expect(await comparison.getByTestId('compare-unchanged').textContent()).toBe(
        'Nothing changed: searching again with your feedback gave the same answer, with the same sources and the same sentences.',
      );
      for (const list of ['compare-gained', 'compare-lost', 'compare-added', 'compare-removed'])
        expect(await comparison.getByTestId(list).count()).toBe(0);
      // What the user asked for is still answered for: the flagged source is still cited, the aspect not covered.
      expect(await comparison.getByTestId('compare-still-cited').textContent()).toContain(flagged);
      expect(await comparison.getByTestId('compare-aspects').textContent()).toContain('shift workers: not covered');
      const traces = await store<Trace>('traces');
      expect(traces.find((t) => t.id === original.id)?.refinedFrom).toBeUndefined();
      expect(traces.filter((t) => t.refinedFrom?.traceId === original.id)).toEqual([]);

      // The verdict is still taken: on the answer itself, saying it came back unchanged.
      await comparison.getByRole('button', { name: 'About the same' }).click();
      await expect
        .poll(
          async () =>
            (await store<FeedbackEvent>('events')).find((e) => e.kind === 'comparison' && e.traceId === original.id),
          { timeout: 10_000 },
        )
        .toMatchObject({
          value: { verdict: 'same', originalTraceId: original.id, refinementId: refinement?.id, unchanged: true },
        });
      await tab.close();
      await page.close();
      return;
    }

    // The refined answer, read in its tab, is linked and compared.
    const comparison = tab.locator('stageback-strip').getByTestId('refine-comparison');
    await comparison.waitFor({ timeout: 20_000 });
    const refined = (await store<Trace>('traces')).find((t) => t.refinedFrom?.traceId === original.id);
    if (!refined) throw new Error('the refined answer is linked to the first');
    expect(refined.refinedFrom).toEqual({ traceId: original.id, refinementId: refinement?.id });
    const before = new Set(original.sources.map((s) => s.url));
    const after = new Set(refined.sources.map((s) => s.url));
    const gained = [...after].filter((u) => !before.has(u));
    const lost = [...before].filter((u) => !after.has(u));
    expect(gained.length + lost.length).toBeGreaterThan(0);
    // Each case checks one link: the answer the extension linked is the one the comparison sits beside.
    expect(refined.siteId).toBe(siteId);
    const listed = async (id: string) =>
      comparison.getByTestId(id).evaluate((list) => [...list.querySelectorAll('li')].map((li) => li.textContent ?? ''));
    expect(await listed('compare-gained')).toEqual(gained);
    expect(await listed('compare-lost')).toEqual(lost);
    expect(await comparison.getByTestId('compare-aspects').textContent()).toContain('shift workers: not covered');
    // The saved page of the second search still cites the domain the user flagged (it was not really re-run).
    const stillCited = refined.sources.some((s) => s.domain === flagged);
    expect(await comparison.getByTestId('compare-still-cited').count()).toBe(stillCited ? 1 : 0);

    await comparison.getByRole('button', { name: 'Better' }).click();
    await expect
      .poll(
        async () =>
          (await store<FeedbackEvent>('events')).find((e) => e.kind === 'comparison' && e.traceId === refined.id),
        {
          timeout: 10_000,
        },
      )
      .toMatchObject({
        traceId: refined.id,
        value: { verdict: 'better', originalTraceId: original.id, refinementId: refinement?.id },
      });

    // Exported from the log page: the refined answer chosen over the first.
    const log = await browser.extensionPage('log.html');
    await log.getByTestId('export-format').selectOption('dpo');
    const [download] = await Promise.all([log.waitForEvent('download'), log.getByTestId('export-start').click()]);
    const rows = (await readFile((await download.path()) as string, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(rows).toContainEqual(
      expect.objectContaining({
        // The DPO export's default prompt: the first answer's sources, then the question.
        prompt: promptWithSources(original, (text) => text),
        chosen: refined.answer.text,
        rejected: original.answer.text,
        provenance: expect.objectContaining({
          source: 'refinement',
          original_trace_id: original.id,
          refined_trace_id: refined.id,
        }),
      }),
    );
    await log.close();
    await tab.close();
    await page.close();
  });

  /**
   * What the site's own scripts see when the follow-up is put in its box. The saved pages' scripts are inert, so
   * the page's main world gets a stand-in for what their frameworks listen to: React's value tracker on the
   * textarea (an own `value` property whose setter remembers the last value React wrote; on `input` React
   * compares it with the node's value and fires onChange only if they differ), a MutationObserver on the
   * contenteditable box (how ProseMirror reads typed text), and every Enter key, submit and click outside the strip.
   */
  it.each([
    { engine: 'perplexity', first: CASES[3]!.first, answer: 0, box: '#ask-input' },
    { engine: 'chatgpt', first: CASES[4]!.first, answer: 4, box: '#prompt-textarea' },
  ])(
    '$engine: "Ask as a follow-up here" fills the site\'s box so its framework notices, and sends nothing',
    async ({ first, answer, box }) => {
      browser.servePage(first.url, await readSavedPage(first.file));
      const page = await browser.context.newPage();
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => navigations.push(frame.url()));
      await page.goto(first.url);
      const strip = page.locator('stageback-strip').nth(answer);
      await strip.locator('button[aria-label="Overall: good"]:not([disabled])').waitFor();
      navigations.length = 0;

      await page.evaluate((selector) => {
        const seen = { changes: [] as string[], inputs: [] as string[], mutated: 0, sent: [] as string[] };
        (window as unknown as { seen: typeof seen }).seen = seen;
        const el = document.querySelector(selector) as HTMLElement;
        if (el instanceof HTMLTextAreaElement) {
          // React's inputValueTracking, as installed on a controlled textarea.
          const proto = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value') as PropertyDescriptor;
          let tracked = el.value;
          Object.defineProperty(el, 'value', {
            configurable: true,
            get: () => proto.get?.call(el),
            set: (v: string) => {
              tracked = `${v}`;
              proto.set?.call(el, v);
            },
          });
          el.addEventListener('input', () => {
            const now = proto.get?.call(el) as string;
            if (now !== tracked) {
              tracked = now;
              seen.changes.push(now);
            }
          });
        } else {
          new MutationObserver(() => {
            seen.mutated += 1;
          }).observe(el, { childList: true, subtree: true, characterData: true });
        }
        el.addEventListener('input', (e) => seen.inputs.push(`${(e as InputEvent).inputType}`));
        const outside = (e: Event) => !(e.target instanceof Element && e.target.closest('stageback-strip'));
        for (const type of ['keydown', 'keypress', 'keyup']) {
          window.addEventListener(
            type,
            (e) => {
              if ((e as KeyboardEvent).key === 'Enter') seen.sent.push(`${type} Enter`);
            },
            true,
          );
        }
        window.addEventListener('submit', () => seen.sent.push('submit'), true);
        window.addEventListener(
          'click',
          (e) => {
            if (outside(e)) seen.sent.push(`click ${(e.target as Element).outerHTML.slice(0, 80)}`);
          },
          true,
        );
      }, box);

      await strip.getByRole('button', { name: 'Open Coverage panel' }).click();
      await strip.getByLabel('An aspect you needed').fill('shift workers');
      await strip.getByRole('button', { name: 'Add aspect' }).click();
      await strip.getByRole('button', { name: 'Refine' }).click();
      await strip.getByTestId('refine-follow-up').click();
      await expect
        .poll(() => strip.getByTestId('refine-status').textContent())
        .toBe('Put in the question box below. Nothing is sent until you send it.');

      const { value, seen, focused } = await page.evaluate((selector) => {
        const el = document.querySelector(selector) as HTMLElement;
        return {
          // The saved editor keeps its page's indentation as text around the paragraph; a live one has none.
          value: el instanceof HTMLTextAreaElement ? el.value : (el.textContent ?? '').trim(),
          seen: (
            window as unknown as { seen: { changes: string[]; inputs: string[]; mutated: number; sent: string[] } }
          ).seen,
          focused: document.activeElement === el,
        };
      }, box);
      // The aspect just added; a source flagged on this answer by the engine case above comes back with it.
      expect(value).toMatch(/^Search again\. Also cover: shift workers\.( Leave out sources from [a-z0-9.-]+\.)?$/);
      expect(focused).toBe(true);
      // The framework is told: an input event of inserted text, and for the textarea a value React's tracker did not
      // write (so onChange fires); for the editor, DOM changes its observer reads.
      expect(seen.inputs).toContain('insertText');
      if (box === '#ask-input') expect(seen.changes).toEqual([value]);
      else expect(seen.mutated).toBeGreaterThan(0);
      // Nothing sent: no Enter, no submit, no click on the page (the send button included), no navigation.
      expect(seen.sent).toEqual([]);
      expect(navigations).toEqual([]);
      await page.close();
    },
  );
});
