import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { type ExtensionBrowser, grantActiveTab, launchWithExtension, readStore } from '../support/browser';

// A page with no AI answer the adapters know: the user selects the answer themselves.
const URL = 'https://answers.example.org/ask?q=what+is+a+mutation+observer';
const PAGE = `<!doctype html><html lang="en"><head><title>Some AI answer elsewhere</title></head><body>
<main><article><h1>Answer</h1>
<p id="answer">A MutationObserver watches a DOM tree for changes. It batches records and calls back once per microtask.
See <a href="https://developer.mozilla.org/en-US/docs/Web/API/MutationObserver?utm_source=ai">MDN</a> and
<a href="https://dom.spec.whatwg.org/#mutation-observers">the DOM standard</a>.</p>
<p>Unrelated footer text.</p></article></main></body></html>`;

let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchWithExtension();
  browser.servePage(URL, PAGE);
});
afterAll(() => browser?.close());

/** Tries the injection on every tab; returns on how many it was allowed. */
function injectSelectionScript(): Promise<number> {
  return browser.serviceWorker.evaluate(`(async () => {
    let allowed = 0;
    for (const tab of await chrome.tabs.query({})) {
      await chrome.scripting
        .executeScript({ target: { tabId: tab.id }, files: ['/content-scripts/selection.js'] })
        .then(() => allowed++, () => {});
    }
    return allowed;
  })()`);
}

describe('feedback on any site from a selection', () => {
  it('turns the selected answer and its links into a trace with a strip', async () => {
    const page = await browser.context.newPage();
    await page.goto(URL);
    await page.evaluate(() => {
      const p = document.getElementById('answer');
      if (p) getSelection()?.selectAllChildren(p);
    });
    // Without a user gesture the extension cannot touch this page: no broad host permission.
    expect(await injectSelectionScript()).toBe(0);
    // The gesture (here the toolbar action; in use the context menu or the shortcut) grants activeTab,
    // and the background injects the selection reader exactly as its menu handler does.
    await grantActiveTab(browser, page);
    // The grant lands once the action has run, a moment after the call returns; a refused try injects nothing.
    await expect.poll(injectSelectionScript, { timeout: 5_000 }).toBe(1);

    const good = page.locator('stageback-strip button[aria-label="Overall: good"]:not([disabled])');
    await good.waitFor({ timeout: 15_000 });
    await good.click();
    await expect.poll(() => page.getByTestId('strip-status').textContent()).toBe('Saved');

    const popup = await browser.extensionPage('popup.html');
    const [trace] = await readStore<Trace>(popup, 'traces');
    expect(trace).toMatchObject({
      siteId: 'selection',
      query: 'what is a mutation observer',
      answer: { complete: true },
      availability: { decomposition: 'not_available', retrieval: 'read' },
    });
    expect(trace?.answer.text).toMatch(/^A MutationObserver watches a DOM tree for changes\./);
    expect(trace?.answer.sentences.length).toBeGreaterThanOrEqual(2);
    expect(trace?.sources.map((s) => s.url)).toEqual([
      'https://developer.mozilla.org/en-US/docs/Web/API/MutationObserver',
      'https://dom.spec.whatwg.org/',
    ]);
    const events = await readStore<FeedbackEvent>(popup, 'events');
    expect(events).toMatchObject([{ traceId: trace?.id, stage: 'overall', kind: 'rating' }]);
  });
});
