import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../utils/adapters/registry';
import { DEMO_PAGE, DEMO_URL, type ExtensionBrowser, launchWithExtension, REPO_ROOT } from '../support/browser';

/**
 * "English complete": the built extension with every message wrapped in ⟦ ⟧ (a pseudo-locale, as translators'
 * tools make), loaded in Chromium. Any word on screen outside the marks was written into the code, not read from
 * locales/ — it would stay English in every translation.
 */
const OPEN = '⟦';
const CLOSE = '⟧';
// What may stay as it is in every language: the product's and the sites' names, and the page's own data.
const NAMES = ['Stageback', ...ADAPTERS.map((a) => a.name), /* an example model name */ 'llama3.2'];

// Key names are shown as the keyboard says them (Alt+Shift+S, Esc), and example addresses as addresses.
const KEY_NAMES = /\b(?:(?:Alt|Ctrl|Shift|Meta)\+)+\w\b|\bEsc\b/g;

let browser: ExtensionBrowser;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stageback-pseudo-'));
  await cp(path.join(REPO_ROOT, '.output/chrome-mv3'), dir, { recursive: true });
  const file = path.join(dir, '_locales/en/messages.json');
  const messages = JSON.parse(await readFile(file, 'utf8')) as Record<string, { message: string }>;
  for (const entry of Object.values(messages)) entry.message = `${OPEN}${entry.message}${CLOSE}`;
  await writeFile(file, JSON.stringify(messages));
  browser = await launchWithExtension({ extensionDir: dir });
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The words of `text` outside any ⟦ ⟧ (marks nest where one message is put inside another), less the names. */
function unmarked(text: string, pageWords = ''): string[] {
  let rest = text;
  for (let before = ''; before !== rest; ) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  rest = rest.replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ').replace(KEY_NAMES, ' ');
  for (const name of NAMES) rest = rest.replaceAll(name, ' ');
  return rest
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\p{L}{2,}/u.test(line))
    .filter((line) => !pageWords.includes(line.replace(/^\[\d+\]\s*/, '')));
}

async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // biome-ignore lint/performance/useDomNodeTextContent: only rendered text counts (not hidden templates).
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      for (const attr of ['title', 'aria-label', 'placeholder', 'alt']) {
        const value = el.getAttribute(attr);
        if (value) parts.push(value);
      }
    }
    return parts.join('\n');
  });
}

describe('every word on screen comes from the messages (pseudo-locale build in Chromium)', () => {
  for (const name of ['welcome.html', 'popup.html', 'options.html', 'log.html']) {
    it(`${name}`, async () => {
      const page = await browser.extensionPage(name);
      await page.waitForLoadState('load');
      await expect.poll(() => page.evaluate(() => document.body.textContent?.includes('⟦'))).toBe(true);
      // Let the page's data arrive (settings, counts) before reading it.
      await page.waitForTimeout(500);
      expect(unmarked(await pageText(page))).toEqual([]);
      await page.close();
    });
  }

  it('the strip and each of its panels on the demo page', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    const strip = page.getByTestId('stageback-strip');
    // The thumbs are enabled once the answer is stored (their names are pseudo-words here).
    await strip.locator('button[aria-pressed]:not([disabled])').first().waitFor({ timeout: 15_000 });
    // The page's own words shown in the panels (source titles, domains, the answer's sentences) are data.
    const pageWords = await page.evaluate(() =>
      [
        document.title,
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered lines, as the strip shows them.
        document.body.innerText,
        ...[...document.links].map((a) => new URL(a.href).hostname.replace(/^www\./, '')),
      ].join('\n'),
    );
    const stripText = () =>
      strip.evaluate((el: HTMLElement) => {
        // biome-ignore lint/performance/useDomNodeTextContent: only rendered text counts.
        const parts = [el.innerText];
        for (const node of el.querySelectorAll('[title], [aria-label], [placeholder]')) {
          for (const attr of ['title', 'aria-label', 'placeholder']) {
            const value = node.getAttribute(attr);
            if (value) parts.push(value);
          }
        }
        return parts.join('\n');
      });
    const seen: string[] = [];
    const openers = strip.locator('button[data-opens]:visible');
    expect(await openers.count()).toBeGreaterThanOrEqual(3);
    seen.push(...unmarked(await stripText(), pageWords));
    for (let i = 0; i < (await openers.count()); i++) {
      const button = openers.nth(i);
      await button.click();
      await page.waitForTimeout(300);
      seen.push(...unmarked(await stripText(), pageWords));
      await button.click();
    }
    // The keys list, opened with ? from the strip.
    await openers.first().focus();
    await page.keyboard.press('?');
    await page.getByTestId('keys-help').waitFor();
    seen.push(...unmarked(await stripText(), pageWords));
    expect(seen).toEqual([]);
    await page.close();
  });
});
