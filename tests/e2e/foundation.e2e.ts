import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { DB_NAME } from '../../storage/schema/constants';
import { DEMO_PAGE, DEMO_URL, type ExtensionBrowser, launchWithExtension, readStore } from '../support/browser';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
});
afterAll(() => browser?.close());

describe('an event travels page → background → IndexedDB → popup', () => {
  it('stores a thumbs-up given on the page and shows it in the popup', async () => {
    const page = await browser.context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await page.goto(DEMO_URL);

    const up = page.getByRole('button', { name: 'Overall: good' });
    await expect.poll(() => up.isEnabled(), { timeout: 15_000 }).toBe(true);
    await up.click();
    await expect.poll(() => page.getByTestId('strip-status').textContent()).toBe('Saved');

    const popup = await browser.extensionPage('popup.html');
    const traces = await readStore<Trace>(popup, 'traces');
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({
      siteId: 'google-ai-overview',
      pageUrl: DEMO_URL,
      query: 'how much sleep do adults need',
      answer: { complete: true },
    });
    const events = await readStore<FeedbackEvent>(popup, 'events');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      traceId: traces[0]?.id,
      stage: 'overall',
      kind: 'rating',
      value: { scale: 'thumbs', score: 1 },
      origin: 'user',
      schemaVersion: 1,
    });

    await popup.reload();
    await expect.poll(() => popup.getByTestId('events-all').textContent()).toBe('1');
    expect(await popup.getByTestId('answers-all').textContent()).toBe('1');
    // The counts come with the popup's first frame; the latest items a moment later.
    await expect.poll(() => popup.getByTestId('recent').textContent()).toContain('Overall · thumbs up');
    expect(consoleErrors).toEqual([]);
  });

  it('restores the earlier choice on a new visit; a second choice supersedes it, clicking again leaves a tombstone', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    const up = page.getByRole('button', { name: 'Overall: good' });
    const down = page.getByRole('button', { name: 'Overall: bad' });
    await expect.poll(() => up.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    await down.click();
    await expect.poll(() => down.getAttribute('aria-pressed')).toBe('true');
    expect(await up.getAttribute('aria-pressed')).toBe('false');
    await down.click();
    await expect.poll(() => page.getByTestId('strip-status').textContent()).toBe('Removed');

    const popup = await browser.extensionPage('popup.html');
    const traces = await readStore<Trace>(popup, 'traces');
    expect(traces).toHaveLength(1); // the same answer captured again is the same trace
    const events = (await readStore<FeedbackEvent>(popup, 'events')).sort((a, b) => a.id.localeCompare(b.id));
    expect(events.map((e) => e.kind)).toEqual(['rating', 'rating', 'retraction']);
    expect(events[1]).toMatchObject({ value: { score: -1 }, supersedes: events[0]?.id });
    expect(events[2]?.supersedes).toBe(events[1]?.id);
  });

  it('takes no press on a revisit before the earlier choice is back: the chosen thumb shows pressed when it is first enabled', async () => {
    const first = await browser.context.newPage();
    await first.goto(DEMO_URL);
    const bad = first.getByRole('button', { name: 'Overall: bad' });
    await expect.poll(() => bad.isEnabled(), { timeout: 15_000 }).toBe(true);
    await bad.click();
    await expect.poll(() => bad.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => first.getByTestId('strip-status').textContent()).toBe('Saved');
    await first.close();

    // Hold the events store in the background until released: the answer is captured (traces only), but reading
    // back what was said before waits. A strip that took input meanwhile would record a press as a new choice.
    await browser.serviceWorker.evaluate(
      (name) =>
        new Promise<void>((locked) => {
          const scope = globalThis as { holdEvents?: boolean };
          scope.holdEvents = true;
          const open = indexedDB.open(name);
          open.onsuccess = () => {
            const tx = open.result.transaction('events', 'readwrite');
            const keepBusy = () => {
              if (scope.holdEvents) tx.objectStore('events').count().onsuccess = keepBusy;
            };
            keepBusy();
            tx.oncomplete = () => open.result.close();
            locked();
          };
        }),
      DB_NAME,
    );
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    const down = page.getByRole('button', { name: 'Overall: bad' });
    await down.waitFor({ state: 'attached', timeout: 15_000 });
    const states: string[] = [];
    for (let i = 0; i < 20; i++) {
      states.push(`${await down.isEnabled()} ${await down.getAttribute('aria-pressed')}`);
      await page.waitForTimeout(50);
    }
    expect(states.filter((s) => s === 'true false')).toEqual([]);
    await browser.serviceWorker.evaluate(() => {
      (globalThis as { holdEvents?: boolean }).holdEvents = false;
    });
    await expect.poll(() => down.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await down.getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });

  it('answers a malformed message with a typed error and stores nothing', async () => {
    const popup = await browser.extensionPage('popup.html');
    const before = (await readStore(popup, 'events')).length;
    const reply = await popup.evaluate(
      () =>
        new Promise((resolve) =>
          chrome.runtime.sendMessage(
            { id: 1, type: 'recordEvents', data: [{ stage: 'overall', kind: 'rating' }], timestamp: Date.now() },
            resolve,
          ),
        ),
    );
    expect(reply).toMatchObject({ res: { ok: false, error: { code: 'invalid_message' } } });
    expect(await readStore(popup, 'events')).toHaveLength(before);
  });

  it('pausing in the popup stops the overlay on the next page, and resuming brings it back', async () => {
    const popup = await browser.extensionPage('popup.html');
    const recording = popup.getByRole('switch', { name: /Record feedback on pages/ });
    await expect.poll(() => recording.getAttribute('aria-checked')).toBe('true');
    expect(await recording.textContent()).toContain('Record feedback on pages: on');
    await recording.click();
    await expect.poll(() => recording.getAttribute('aria-checked')).toBe('false');
    expect(await recording.textContent()).toContain('Record feedback on pages: off');
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    // The detector still runs; the overlay it injects reads the settings from the background and stops.
    await page.waitForTimeout(3_000);
    expect(await page.locator('stageback-strip').count()).toBe(0);
    await recording.click();
    await expect.poll(() => recording.getAttribute('aria-checked')).toBe('true');
    await page.reload();
    await page.getByTestId('stageback-strip').waitFor({ timeout: 15_000 });
    await page.close();
    await popup.close();
  });
});
