import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import {
  type ExtensionBrowser,
  extensionCopyGranting,
  launchWithExtension,
  REPO_ROOT,
  readStore,
  stripTakesFeedback,
} from '../support/browser';

// A made-up AI search engine no adapter knows (tests/pages/unknown-engine-answer.html): hashed class names, one
// stable attribute on the answer, the sources in a list beside it.
const ORIGIN = 'https://askwell.example';
const URL_ = `${ORIGIN}/search?q=how+do+tides+work`;
const OTHER_URL = `${ORIGIN}/search?q=why+is+the+sea+salty`;

let browser: ExtensionBrowser;
let extensionDir: string;
let page: string;

beforeAll(async () => {
  page = await readFile(path.join(REPO_ROOT, 'tests/pages/unknown-engine-answer.html'), 'utf8');
  // Playwright cannot answer the browser's permission prompt, and CDP's Browser.grantPermissions does not cover an
  // extension's host permissions. This copy of the build already holds the host permission for this one origin, so
  // `permissions.request` resolves true without a prompt; everything else (the popup button, the picker, the rule,
  // the dynamic content-script registration, the overlay) is the real build.
  extensionDir = await extensionCopyGranting([`${ORIGIN}/*`]);
  browser = await launchWithExtension({ extensionDir });
  browser.servePage(URL_, page);
  browser.servePage(OTHER_URL, page.replaceAll('how do tides work', 'why is the sea salty'));
});
afterAll(async () => {
  await browser?.close();
  if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
});

async function tabIdOf(url: string): Promise<number> {
  return browser.serviceWorker.evaluate(
    `chrome.tabs.query({}).then((tabs) => tabs.find((t) => t.url === ${JSON.stringify(url)}).id)`,
  );
}

/** The popup's "Teach Stageback this page" for the tab showing `target` (the popup opened as a tab names it). */
async function teachFromPopup(target: Page): Promise<void> {
  const popup = await browser.extensionPage(`popup.html?tab=${await tabIdOf(target.url())}`);
  await popup.getByRole('button', { name: 'Teach Stageback this page' }).click();
  await expect.poll(() => popup.getByTestId('teach-status').textContent()).toBe('Point at the answer on the page.');
  await popup.close();
  await target.bringToFront();
}

const pickerStep = (p: Page) => p.getByTestId('picker-step');

describe('a site the user teaches', () => {
  it('is taught with the picker from the popup, then shows the strip on its answers with their sources, after a reload too', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(URL_);
    await tab.waitForTimeout(500);
    expect(await tab.locator('stageback-strip').count()).toBe(0);

    await teachFromPopup(tab);
    await expect.poll(() => pickerStep(tab).textContent()).toMatch(/^Step 1 of 2/);
    // Pointing at a paragraph frames it; the arrow keys widen the frame to the whole answer panel; Enter chooses.
    await tab.locator('[data-panel="generated-answer"] p').first().hover();
    await tab.keyboard.press('ArrowUp');
    await tab.keyboard.press('ArrowUp');
    await tab.keyboard.press('Enter');
    await expect.poll(() => pickerStep(tab).textContent()).toMatch(/^Step 2 of 2/);
    // A click on the list of sources (in its margin, not on a link) chooses it and follows no link.
    await tab.locator('ol').click({ position: { x: 3, y: 3 } });
    expect(tab.url()).toBe(URL_);
    await expect
      .poll(() => tab.getByTestId('picker-found').textContent())
      .toMatch(
        /^an answer of \d+ words and 3 sources \(oceanservice\.noaa\.gov, en\.wikipedia\.org, .*britannica\.com\)\.$/,
      );
    await tab.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => pickerStep(tab).textContent()).toBe('Saved.');
    expect(await tab.getByTestId('picker-found').textContent()).toBe(
      'Stageback now shows its controls on AI answers on askwell.example.',
    );
    await stripTakesFeedback(tab);

    // The rule is data: stable selectors, none of the page's hashed class names.
    const stored = (await browser.serviceWorker.evaluate(
      `chrome.storage.local.get('taughtRules').then((s) => s.taughtRules)`,
    )) as { origin: string; pathPrefix: string; answer: string[]; sources: string[] }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ origin: ORIGIN, pathPrefix: '/search' });
    expect(stored[0]?.answer[0]).toBe('div[data-panel="generated-answer"]');
    expect(stored[0]?.sources.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored[0])).not.toMatch(/Qm3vLp|x9fK2a|t7Rw0c|r8Yt/);
    const registered = (await browser.serviceWorker.evaluate(
      `chrome.scripting.getRegisteredContentScripts().then((s) => s.map((c) => c.matches))`,
    )) as string[][];
    expect(registered).toEqual([[`${ORIGIN}/*`]]);

    // From then on the overlay runs there by itself: a reload and another question on the same site.
    await tab.reload();
    await stripTakesFeedback(tab);
    expect(await tab.locator('stageback-picker').count()).toBe(0);
    await tab.goto(OTHER_URL);
    await stripTakesFeedback(tab);
    const good = tab.locator('stageback-strip button[aria-label="Overall: good"]');
    await good.click();
    await expect.poll(() => tab.getByTestId('strip-status').textContent()).toBe('Saved');

    const popup = await browser.extensionPage('popup.html');
    const traces = await readStore<Trace>(popup, 'traces');
    const salty = traces.find((t) => t.query === 'why is the sea salty');
    expect(salty).toMatchObject({ siteId: 'taught', pageUrl: OTHER_URL, availability: { retrieval: 'read' } });
    expect(salty?.answer.text).toMatch(/^AI answer\nTides are the rise and fall of the sea/);
    expect(salty?.sources.map((s) => s.url)).toEqual([
      'https://oceanservice.noaa.gov/facts/moon-tide.html',
      'https://en.wikipedia.org/wiki/Tide',
      'https://www.britannica.com/science/tide',
    ]);
    expect(salty?.sources[0]?.citingSentenceIds.length).toBe(1);
    const events = await readStore<FeedbackEvent>(popup, 'events');
    // The user's rating (the passive signals also noted the new question on the same site as a reformulation).
    expect(events.filter((e) => e.origin === 'user')).toMatchObject([
      { traceId: salty?.id, stage: 'overall', kind: 'rating' },
    ]);
    await popup.close();
    await tab.close();
  });

  it('lists the taught site in the options, exports it to a file, removes it (no strip any more) and imports it back', async () => {
    const options = await browser.extensionPage('options.html');
    const table = options.getByTestId('taught-sites');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().textContent()).toMatch(
      /^askwell\.example \(pages under \/search\)Answer and its list of sourcesyouYesRemove$/,
    );

    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export to a file' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(await readFile(file, 'utf8'));
    expect(exported).toMatchObject({ format: 'stageback-taught-rules', version: 1, rules: [{ origin: ORIGIN }] });

    await options.getByRole('button', { name: 'Remove askwell.example' }).click();
    await expect.poll(() => options.getByTestId('taught-status').textContent()).toBe('Removed askwell.example.');
    await expect
      .poll(() =>
        browser.serviceWorker.evaluate('chrome.scripting.getRegisteredContentScripts().then((s) => s.length)'),
      )
      .toBe(0);
    const tab = await browser.context.newPage();
    await tab.goto(URL_);
    await tab.waitForTimeout(1_000);
    expect(await tab.locator('stageback-strip').count()).toBe(0);

    // A file that is not one of ours, then one with a bad rule: nothing is added, and the message says why.
    const input = options.getByLabel('File of taught sites to import');
    await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
    await expect
      .poll(() => options.getByTestId('taught-status').textContent())
      .toBe('This file is not a Stageback file of taught sites.');
    const bad = { ...exported, rules: [{ ...exported.rules[0], answer: ['main { color: red }'] }] };
    await input.setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await expect
      .poll(() => options.getByTestId('taught-status').textContent())
      .toMatch(/^Nothing was added: this file has a problem \(at rules\.0\.answer\.0\): a selector holds no braces/);
    expect(await options.getByTestId('taught-sites').count()).toBe(0);

    await input.setInputFiles(file);
    await expect.poll(() => options.getByTestId('taught-status').textContent()).toBe('Added 1 site.');
    await expect.poll(() => table.locator('tbody tr').first().textContent()).toMatch(/a fileYesRemove$/);
    await tab.reload();
    await stripTakesFeedback(tab);
    await tab.close();
    await options.close();
  });

  it('takes no pick from a page script, and Esc stops the picker', async () => {
    const url = `${ORIGIN}/search?q=hostile`;
    browser.servePage(url, page.replace('<body>', '<body><div id="decoy"><p>Not the answer</p></div>'));
    const tab = await browser.context.newPage();
    await tab.goto(url);
    await teachFromPopup(tab);
    await expect.poll(() => pickerStep(tab).textContent()).toMatch(/^Step 1 of 2/);
    // A script-made click (untrusted) chooses nothing.
    await tab.evaluate(() =>
      document.querySelector('#decoy p')?.dispatchEvent(new MouseEvent('click', { bubbles: true })),
    );
    await tab.waitForTimeout(300);
    expect(await pickerStep(tab).textContent()).toMatch(/^Step 1 of 2/);
    await tab.keyboard.press('Escape');
    await expect.poll(() => tab.locator('stageback-picker').count()).toBe(0);
    await tab.close();
  });
});
