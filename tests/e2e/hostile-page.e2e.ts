import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../storage/schema';
import { DEMO_PAGE, DEMO_URL, type ExtensionBrowser, launchWithExtension, readStore } from '../support/browser';
import { contentWorld } from '../support/content-world';
import { releaseMouse } from '../support/select-text';

/**
 * The page as an attacker: its scripts try to read, forge and remove what the extension put in it. These tests run
 * without the harness that lets Playwright's locators into closed shadow roots (tests/support/closed-shadow.ts):
 * the page sees exactly what any page would. The user's own actions are real input (CDP), aimed at coordinates
 * read from the extension's world.
 */
let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension({ pierceClosedShadowRoots: false });
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
});
afterAll(() => browser?.close());

async function events(): Promise<FeedbackEvent[]> {
  const popup = await browser.extensionPage('popup.html');
  const all = await readStore<FeedbackEvent>(popup, 'events');
  await popup.close();
  return all.filter((e) => e.origin === 'user');
}

/** Opens the demo answer; resolves once its strip takes feedback (seen from the extension's world). */
async function openAnswer(init?: () => void): Promise<{ page: Page; world: Awaited<ReturnType<typeof contentWorld>> }> {
  const page = await browser.context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(DEMO_URL);
  const world = await contentWorld(page, browser.extensionId);
  await expect
    .poll(
      () =>
        world.evaluate<boolean>(
          `!!chrome.dom.openOrClosedShadowRoot(document.querySelector('stageback-strip'))?.querySelector('[aria-label="Overall: good"]:not([disabled])')`,
        ),
      { timeout: 15_000 },
    )
    .toBe(true);
  return { page, world };
}

/** The user clicks a strip control (trusted mouse input at the point the extension's world reports). */
async function userClicks(page: Page, world: Awaited<ReturnType<typeof contentWorld>>, label: string) {
  const box = await world.evaluate<{ x: number; y: number }>(`(() => {
    const button = chrome.dom.openOrClosedShadowRoot(document.querySelector('stageback-strip')).querySelector('[aria-label="${label}"]');
    button.scrollIntoView({ block: 'center' });
    const r = button.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  })()`);
  await page.mouse.click(box.x, box.y);
}

describe('a page script and the strip', () => {
  it('gets null for the shadow root, cannot click a rating, cannot read aria-pressed', async () => {
    const { page, world } = await openAnswer();
    await userClicks(page, world, 'Overall: bad');
    await expect.poll(async () => (await events()).length, { timeout: 10_000 }).toBe(1);

    const seen = await page.evaluate(() => {
      const host = document.querySelector('stageback-strip');
      const root = host?.shadowRoot ?? null;
      const button = root?.querySelector<HTMLElement>('button[aria-label="Overall: good"]');
      button?.click();
      return {
        root: root === null,
        pressed: [...document.querySelectorAll('[aria-pressed]')].map((e) => e.getAttribute('aria-label')),
        html: host?.innerHTML ?? null,
      };
    });
    expect(seen).toEqual({ root: true, pressed: [], html: '' });
    await page.waitForTimeout(1_000);
    expect((await events()).map((e) => e.value)).toEqual([{ scale: 'thumbs', score: -1 }]);
    await world.detach();
    await page.close();
  });

  it('stores nothing for click and key events it dispatches at the host or the document', async () => {
    const { page, world } = await openAnswer();
    const before = (await events()).length;
    await page.evaluate(() => {
      const host = document.querySelector('stageback-strip');
      for (const target of [host, document.body, document]) {
        target?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        for (const key of ['Enter', ' ', 'Escape', 'ArrowRight'])
          target?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
        target?.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'L', code: 'KeyL', altKey: true, shiftKey: true, bubbles: true }),
        );
      }
      (host as HTMLElement | null)?.click();
      (host as HTMLElement | null)?.focus();
    });
    await page.waitForTimeout(1_000);
    expect((await events()).length).toBe(before);
    await world.detach();
    await page.close();
  });

  it('gets no root even when it patches Element.prototype.attachShadow before the extension runs', async () => {
    const { page, world } = await openAnswer(() => {
      const stolen: ShadowRoot[] = [];
      (window as Window & { stolen?: ShadowRoot[] }).stolen = stolen;
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init: ShadowRootInit) {
        const root = attach.call(this, { ...init, mode: 'open' });
        stolen.push(root);
        return root;
      };
    });
    // The patch is in the page's world; the extension's content script runs in its own isolated world, whose
    // Element.prototype is a different object, so the patch never sees the extension's call.
    const seen = await page.evaluate(() => ({
      patched: Element.prototype.attachShadow.toString().includes('stolen'),
      stolen: ((window as Window & { stolen?: ShadowRoot[] }).stolen ?? []).map((r) => r.host.localName),
      root: document.querySelector('stageback-strip')?.shadowRoot === null,
    }));
    expect(seen).toEqual({ patched: true, stolen: [], root: true });
    expect(
      await world.evaluate<boolean>(
        `Element.prototype.attachShadow.toString().includes('[native code]') && chrome.dom.openOrClosedShadowRoot(document.querySelector('stageback-strip')).mode === 'closed'`,
      ),
    ).toBe(true);
    await world.detach();
    await page.close();
  });

  it("gets null for the span toolbar's shadow root too", async () => {
    const { page, world } = await openAnswer();
    await page.evaluate(() => {
      const sentence = document.querySelector('[data-huuid="5002"]');
      if (sentence) getSelection()?.selectAllChildren(sentence);
    });
    await releaseMouse(page);
    await page.waitForSelector('stageback-toolbar', { state: 'attached' });
    expect(await page.evaluate(() => document.querySelector('stageback-toolbar')?.shadowRoot === null)).toBe(true);
    await world.detach();
    await page.close();
  });
});

describe("a page script and WXT's content-script messages", () => {
  it('cannot remove or reset the overlay with script-started or location-change messages', async () => {
    const { page, world } = await openAnswer();
    const before = (await events()).length;
    await page.evaluate((id) => {
      const started = `${id}:answers:wxt:content-script-started`;
      const location = `${id}:answers:wxt:locationchange`;
      (window as Window & { host?: Element | null }).host = document.querySelector('stageback-strip');
      // As WXT's own scripts send them: a window message, and a DOM event on document / window.
      window.postMessage({ type: started, contentScriptName: 'answers', messageId: 'page' }, '*');
      window.postMessage({ type: location }, '*');
      document.dispatchEvent(new CustomEvent(started, { detail: { contentScriptName: 'answers', messageId: 'page' } }));
      window.dispatchEvent(new Event(location));
    }, browser.extensionId);
    await page.waitForTimeout(1_000);
    expect(
      await page.evaluate(() => {
        const host = (window as Window & { host?: Element | null }).host;
        return { same: host === document.querySelector('stageback-strip'), connected: host?.isConnected };
      }),
    ).toEqual({ same: true, connected: true });
    await userClicks(page, world, 'Overall: good');
    await expect.poll(async () => (await events()).length, { timeout: 10_000 }).toBe(before + 1);
    await world.detach();
    await page.close();
  });
});
