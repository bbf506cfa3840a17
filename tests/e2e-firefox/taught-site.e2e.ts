import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/browser';
import { type FirefoxWithExtension, launchFirefoxWithExtension, pressStripThumb, textOf } from '../support/firefox';

// The built extension as shipped: the taught site is granted through optional_host_permissions, which this profile
// grants without the doorhanger (see launchFirefoxWithExtension); the request still needs a trusted click.
const ORIGIN = 'https://askwell.example';
const URL_ = `${ORIGIN}/search?q=how+do+tides+work`;

let firefox: FirefoxWithExtension;

beforeAll(async () => {
  firefox = await launchFirefoxWithExtension();
  firefox.servePage(URL_, await readFile(path.join(REPO_ROOT, 'tests/pages/unknown-engine-answer.html'), 'utf8'));
});
afterAll(() => firefox?.close());

/** Reads a whole table of the extension's IndexedDB from one of its pages. */
function readTable<T>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('stageback');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result as T[]);
          request.onerror = () => reject(request.error);
        };
      }),
    table,
  );
}

describe('Firefox ESR: a site the user teaches', () => {
  it("with the site's permission granted, takes the picks by pointer and keyboard, and shows the strip there from then on", async () => {
    const page = await firefox.newPage();
    await page.goto(URL_);
    // The toolbar popup (whose click grants activeTab, so it may read the tab's address) cannot be opened over a
    // page here. Instead the site's permission is asked for with a trusted click on a button this test adds to an
    // extension page (a real permissions.request against optional_host_permissions); with it the popup, opened as a
    // tab that names the page's tab, may read the address, as the toolbar popup would.
    const grant = await firefox.extensionPage('popup.html');
    expect(await grant.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), ORIGIN)).toBe(false);
    await grant.evaluate((o) => {
      const button = document.createElement('button');
      button.id = 'e2e-grant';
      button.textContent = 'grant';
      button.onclick = () => void chrome.permissions.request({ origins: [`${o}/*`] });
      document.body.prepend(button);
    }, ORIGIN);
    await grant.click('#e2e-grant');
    await expect
      .poll(() => grant.evaluate((o) => chrome.permissions.contains({ origins: [`${o}/*`] }), ORIGIN))
      .toBe(true);
    const tabId = await grant.evaluate(
      async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id ?? 0,
      URL_,
    );
    await grant.close();

    const popup = await firefox.extensionPage(`popup.html?tab=${tabId}`);
    await popup.waitForSelector('section.teach button:not([disabled])');
    await popup.click('section.teach button');
    await expect.poll(() => textOf(popup, '[data-testid="teach-status"]')).toBe('Point at the answer on the page.');
    expect(await popup.evaluate(() => chrome.permissions.contains({ origins: ['https://other.example/*'] }))).toBe(
      false,
    );

    await page.bringToFront();
    await page.waitForSelector('stageback-picker', { timeout: 10_000 });
    // The picker's panel is in a closed shadow root: driven as a user would, by pointer and keyboard only.
    await page.hover('[data-panel="generated-answer"] p');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter'); // the focused "Choose the framed part"
    const list = await page.evaluate(() => {
      const ol = document.querySelector('ol');
      ol?.scrollIntoView({ block: 'center' });
      const r = ol?.getBoundingClientRect();
      return r ? { x: r.x, y: r.y } : null;
    });
    if (!list) throw new Error('no list of sources on the page');
    await page.mouse.click(list.x + 3, list.y + 3);
    await page.keyboard.press('Enter'); // the focused "Save"
    await page.waitForSelector('stageback-strip', { timeout: 15_000 });
    expect(page.url()).toBe(URL_); // the click on the list followed no link

    const registered = await popup.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.matches),
    );
    expect(registered).toEqual([[`${ORIGIN}/*`]]);

    await page.reload();
    await page.waitForSelector('stageback-strip', { timeout: 15_000 });
    await pressStripThumb(page, 'Overall: good');
    const log = await firefox.extensionPage('log.html');
    await expect.poll(async () => (await readTable<{ origin: string }>(log, 'events')).length).toBe(1);
    // Sources read in Firefox too (canonicalize.ts no longer iterates searchParams.keys(), which throws there).
    const [trace] = await readTable<{ siteId: string; sources: { url: string }[] }>(log, 'traces');
    expect(trace?.siteId).toBe('taught');
    expect(trace?.sources.map((s) => s.url)).toEqual([
      'https://oceanservice.noaa.gov/facts/moon-tide.html',
      'https://en.wikipedia.org/wiki/Tide',
      'https://www.britannica.com/science/tide',
    ]);
  });
});
