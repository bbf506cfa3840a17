import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import {
  DEMO_PAGE,
  DEMO_URL,
  type ExtensionBrowser,
  extensionCopy,
  launchWithExtension,
  readStore,
  stripTakesFeedback,
} from '../support/browser';

let browser: ExtensionBrowser;
let page: Page;
/** An extension page kept open: quota overrides are sent through its CDP session (one on the site's tab did not hold). */
let extensionTab: Page;
let cdp: CDPSession;
let origin: string;
let extensionDir: string;

/**
 * The extension asks for `unlimitedStorage`, and Chromium then ignores any quota for its origin: what it meets in
 * real life is a full disk, which Chromium reports the same way (a QuotaExceededError on the transaction). A copy
 * without that permission lets a quota override stand in for the full disk.
 */
async function extensionWithQuota(): Promise<string> {
  const dir = await extensionCopy();
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { permissions: string[] };
  manifest.permissions = manifest.permissions.filter((p) => p !== 'unlimitedStorage');
  await writeFile(file, JSON.stringify(manifest));
  return dir;
}

/**
 * A browser with the extension copy and a quota a little above what the extension uses at first. Each scenario
 * has its own: the quota must be set before anything is stored (the browser caches an origin's free space once its
 * storage is in use), and freeing space by deleting data is not seen by that cache either, so space comes back by
 * lifting the quota.
 */
async function launchWithSmallQuota(): Promise<void> {
  browser = await launchWithExtension({ extensionDir });
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
  origin = `chrome-extension://${browser.extensionId}`;
  extensionTab = await browser.extensionPage('popup.html');
  cdp = await browser.context.newCDPSession(extensionTab);
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 512 * 1024 });
}

beforeAll(async () => {
  extensionDir = await extensionWithQuota();
});
afterAll(async () => {
  if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
});

async function table<T>(name: string): Promise<T[]> {
  const popup = await browser.extensionPage('popup.html');
  const rows = await readStore<T>(popup, name);
  await popup.close();
  return rows;
}
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
const events = async () => (await table<FeedbackEvent>('events')).sort(byId);

/**
 * Fills the extension's origin up to its quota with a throwaway database of its own, in ever smaller pieces, until
 * the browser refuses even a small write: the storage is full, as on a full disk.
 */
async function fillStorage(): Promise<void> {
  const refused = await extensionTab.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('quota-filler');
      open.onupgradeneeded = () => open.result.createObjectStore('blobs', { autoIncrement: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const put = (size: number) =>
      new Promise<string | null>((resolve) => {
        const tx = db.transaction('blobs', 'readwrite');
        // Random bytes: the browser compresses what it stores, and repeated text would take no room.
        tx.objectStore('blobs').add(crypto.getRandomValues(new Uint8Array(size)));
        tx.oncomplete = () => resolve(null);
        tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
      });
    let last: string | null = null;
    for (const size of [32 * 1024, 4 * 1024, 512]) {
      for (let i = 0; i < 400; i++) {
        last = await put(size);
        if (last) break;
      }
    }
    db.close();
    return last;
  });
  expect(refused).toBe('QuotaExceededError');
}

/** Lifts the quota override: the origin gets the browser's usual quota again. */
async function liftQuota(): Promise<void> {
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
}

describe('an answer that appears while the browser storage is full', () => {
  beforeAll(launchWithSmallQuota);
  afterAll(() => browser?.close());

  it('says the answer cannot be recorded yet, keeps a thumb given meanwhile, and stores the trace and the thumb once after Retry', async () => {
    // Nothing stored yet in this browser: the answer below is the first one it sees.
    expect(await table<Trace>('traces')).toEqual([]);
    await fillStorage();
    const tab = await browser.context.newPage();
    await tab.goto(DEMO_URL);
    const status = tab.getByTestId('strip-status');
    // The first try fails at once (the store is full); the strip says what that means instead of staying greyed out.
    await expect
      .poll(() => status.textContent(), { timeout: 20_000 })
      .toMatch(/storage for Stageback is full, so this answer could not be recorded yet/);
    const retry = tab.getByRole('button', { name: 'Retry saving' });
    expect(await retry.count()).toBe(1);

    // Feedback can be given meanwhile: it is shown as made and kept on the page.
    const good = tab.getByRole('button', { name: 'Overall: good' });
    await good.click();
    await expect.poll(() => good.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => status.textContent()).toMatch(/1 change kept while this page is open/);
    await retry.click(); // still full: nothing changes, nothing is lost
    await expect.poll(() => status.textContent()).toMatch(/could not be recorded yet.*1 change kept/);
    expect(await table<Trace>('traces')).toEqual([]);
    expect(await events()).toEqual([]);

    await liftQuota();
    await retry.click();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Saved');
    expect(await retry.count()).toBe(0);
    // The automatic retry (5 s after the first failure) must not store anything twice.
    await tab.waitForTimeout(6_000);
    const traces = await table<Trace>('traces');
    expect(traces).toHaveLength(1);
    expect(traces[0]?.answer.text).toContain('Most adults need seven or more hours of sleep');
    const stored = await events();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      traceId: traces[0]?.id,
      stage: 'overall',
      kind: 'rating',
      value: { score: 1 },
    });
    expect(await good.getAttribute('aria-pressed')).toBe('true');
    await tab.close();
  });
});

describe('feedback when the browser storage is full', () => {
  beforeAll(async () => {
    await launchWithSmallQuota();
    page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    await stripTakesFeedback(page);
  });
  afterAll(() => browser?.close());

  it('says so on the strip, keeps the feedback on the page, damages nothing stored, and stores it once on retry', async () => {
    const status = page.getByTestId('strip-status');
    await page.getByRole('button', { name: 'Overall: good' }).click();
    await expect.poll(() => status.textContent()).toBe('Saved');
    const before = await events();
    const aggregatesBefore = await table('aggregates');
    expect(before).toHaveLength(1);

    await fillStorage();
    // Two changes while full: a changed mind on the overall thumb, and a thumb on the answer.
    await page.getByRole('button', { name: 'Overall: bad' }).click();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/storage for Stageback is full/);
    await page.getByRole('button', { name: 'Answer: bad' }).click();
    await expect.poll(() => status.textContent()).toMatch(/2 changes not saved/);
    // The choices stay shown as made (they are kept, not dropped), and the strip offers a retry.
    expect(await page.getByRole('button', { name: 'Overall: bad' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Answer: bad' }).getAttribute('aria-pressed')).toBe('true');
    const retry = page.getByRole('button', { name: 'Retry saving' });
    await retry.click(); // still full: nothing changes, nothing is lost
    await expect.poll(() => status.textContent()).toMatch(/2 changes not saved/);

    // Nothing stored before the quota was touched: the same rows, and the counters as they were.
    expect(await events()).toEqual(before);
    expect(await table('aggregates')).toEqual(aggregatesBefore);

    await liftQuota();
    await retry.click();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Saved');
    expect(await retry.count()).toBe(0);
    // Later retries (the automatic one, another click elsewhere) must not store anything twice.
    await page.waitForTimeout(6_000);
    const after = await events();
    expect(after).toHaveLength(3);
    expect(new Set(after.map((e) => e.id)).size).toBe(3);
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toMatchObject({ stage: 'overall', value: { score: -1 }, supersedes: before[0]?.id });
    expect(after[2]).toMatchObject({ stage: 'answer', value: { score: -1 } });

    const popup = await browser.extensionPage('popup.html');
    await expect.poll(() => popup.getByTestId('events-all').textContent()).toBe('3');
    await popup.close();
  });
});
