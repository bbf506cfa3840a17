import { readFile } from 'node:fs/promises';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PAGE, DEMO_URL } from '../support/browser';
import {
  downloadedFile,
  type FirefoxWithExtension,
  launchFirefoxWithExtension,
  pressStripThumb,
  textOf,
} from '../support/firefox';

let firefox: FirefoxWithExtension;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  firefox = await launchFirefoxWithExtension();
  firefox.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
});
afterAll(() => firefox?.close());

describe('Firefox ESR: page → strip → IndexedDB → log, popup and export', () => {
  it('puts the strip before the AI Overview of the demo page served at its real Google URL', async () => {
    page = await firefox.newPage();
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(DEMO_URL);
    await page.waitForSelector('stageback-strip', { timeout: 15_000 });
    const strip = await page.evaluate(() => {
      const host = document.querySelector('stageback-strip');
      const rect = host?.getBoundingClientRect();
      return {
        count: document.querySelectorAll('stageback-strip').length,
        height: rect?.height ?? 0,
        before: host?.nextElementSibling?.textContent ?? '',
      };
    });
    expect(strip.count).toBe(1);
    expect(strip.height).toBeGreaterThan(20); // drawn, not an empty host
    expect(strip.before.replace(/\s+/g, ' ')).toContain('Most adults need seven or more hours of sleep');
  });

  it('stores a thumbs-up given with the keyboard on the strip; the log page lists it', async () => {
    await pressStripThumb(page, 'Overall: good');
    const log = await firefox.extensionPage('log.html');
    await expect.poll(() => textOf(log, '[data-testid="log-count"]'), { timeout: 10_000 }).toBe('1 feedback event');
    // The log opens by answer: the card has the query and the feedback in words.
    await expect
      .poll(() => textOf(log, '[data-testid="answer-card"]'), { timeout: 10_000 })
      .toContain('Overall · thumbs up');
    const card = (await textOf(log, '[data-testid="answer-card"]')) ?? '';
    expect(card).toContain('how much sleep do adults need');
    expect(card).toContain('Most adults need seven or more hours');
    // The answer's sources were read in Firefox too, and the trace says how (reading health).
    const trace = await log.evaluate(
      () =>
        new Promise<{ sources: unknown[]; readPaths?: Record<string, string> } | undefined>((resolve, reject) => {
          const open = indexedDB.open('stageback');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('traces').objectStore('traces').getAll();
            request.onsuccess = () => resolve(request.result[0]);
          };
        }),
    );
    expect(trace?.sources).toHaveLength(3);
    expect(trace?.readPaths?.sources).toBe('exact');
    await log.close();
    expect(pageErrors).toEqual([]);
  });

  it('shows the feedback in the popup: counts, the latest item and the by-stage chart', async () => {
    const popup = await firefox.extensionPage('popup.html');
    await expect.poll(() => textOf(popup, '[data-testid="events-all"]')).toBe('1');
    expect(await textOf(popup, '[data-testid="answers-all"]')).toBe('1');
    await expect.poll(() => textOf(popup, '[data-testid="recent"]')).toContain('Overall · thumbs up');
    // Polled from here: the popup's CSP refuses the Function() that waitForFunction polls with in Firefox.
    const byStage = () =>
      popup.evaluate(() => {
        const dds = [...document.querySelectorAll('[data-testid="by-stage"] dd')] as HTMLElement[];
        return Object.fromEntries(dds.map((dd) => [dd.dataset.key, dd.textContent]));
      });
    await expect
      .poll(byStage, { timeout: 10_000 })
      .toEqual({ decomposition: '0', retrieval: '0', answer: '0', overall: '1' });
    await popup.close();
  });

  it('exports the canonical log and CSV as downloads into the profile download folder', async () => {
    const log = await firefox.extensionPage('log.html');
    await log.waitForSelector('[data-testid="export-start"]');

    await log.select('[data-testid="export-format"]', 'jsonl');
    await log.click('[data-testid="export-start"]');
    const jsonlPath = await downloadedFile(firefox.downloadDir, /^stageback-jsonl-\d{4}-\d{2}-\d{2}\.jsonl$/);
    await expect.poll(() => textOf(log, '[data-testid="export-status"]')).toContain('Saved');
    const lines = (await readFile(jsonlPath, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ format: 'stageback-log', schemaVersion: 1 });
    expect(lines[1]).toMatchObject({
      type: 'trace',
      trace: { siteId: 'google-ai-overview', pageUrl: DEMO_URL, query: 'how much sleep do adults need' },
    });
    expect(lines[2]).toMatchObject({
      type: 'event',
      event: {
        traceId: lines[1].trace.id,
        stage: 'overall',
        kind: 'rating',
        value: { scale: 'thumbs', score: 1 },
        origin: 'user',
      },
    });

    await log.select('[data-testid="export-format"]', 'csv');
    await log.click('[data-testid="export-start"]');
    const csvPath = await downloadedFile(firefox.downloadDir, /^stageback-csv-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = (await readFile(csvPath, 'utf8')).split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^event_id,created_at,trace_id,/);
    expect(rows[1]).toContain(lines[2].event.id);
    await log.close();
  });

  it('restores the earlier choice on a new visit: the same thumb pressed again withdraws it', async () => {
    const again = await firefox.newPage();
    await again.goto(DEMO_URL);
    await again.waitForSelector('stageback-strip', { timeout: 15_000 });
    // Only a strip that got the stored thumbs-up back from the background turns this press into a retraction.
    await pressStripThumb(again, 'Overall: good');
    const log = await firefox.extensionPage('log.html');
    await expect.poll(() => textOf(log, '[data-testid="log-count"]'), { timeout: 10_000 }).toBe('2 feedback events');
    await log.click('[data-testid="view-table"]');
    await expect.poll(() => textOf(log, '[data-testid="log-row"]')).toContain('Overall · retracted');
    await log.close();
    await again.close();
  });
});
