import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from '../support/browser';

// What a user sees on the extension's own pages, measured from the rendered boxes.
let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Checkboxes whose middle is more than 4 px off the middle of their label's first line of text. */
const misplacedBoxes = (page: Page) =>
  page.evaluate(() => {
    const out: { label: string; boxMiddle: number; textMiddle: number }[] = [];
    for (const box of document.querySelectorAll<HTMLInputElement>('label input[type="checkbox"]')) {
      const label = box.closest('label');
      const text = [...(label?.childNodes ?? [])].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!label || !text || box.getClientRects().length === 0) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      const line = range.getClientRects()[0];
      const rect = box.getBoundingClientRect();
      if (!line) continue;
      const boxMiddle = rect.top + rect.height / 2;
      const textMiddle = line.top + line.height / 2;
      if (Math.abs(boxMiddle - textMiddle) > 4)
        out.push({ label: text.textContent?.trim() ?? '', boxMiddle, textMiddle });
    }
    return out;
  });

describe('checkboxes on the options and log pages', () => {
  it('sit on the same line as their label text on the options page', async () => {
    const page = await browser.extensionPage('options.html');
    await page.locator('label input[type="checkbox"]').first().waitFor();
    expect(await page.locator('label input[type="checkbox"]').count()).toBeGreaterThan(0);
    expect(await misplacedBoxes(page)).toEqual([]);
    await page.close();
  });

  it("sit on the same line as their label text in every export format's options on the log page", async () => {
    const page = await browser.extensionPage('log.html');
    const format = page.getByTestId('export-format');
    let checked = 0;
    for (const value of await format
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))) {
      await format.selectOption(value);
      checked += await page.locator('label input[type="checkbox"]:visible').count();
      expect(await misplacedBoxes(page), value).toEqual([]);
    }
    expect(checked).toBeGreaterThan(0);
    await page.close();
  });
});
