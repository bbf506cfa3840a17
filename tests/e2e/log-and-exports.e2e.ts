import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Aggregate } from '../../storage/db';
import { formatDescriptors } from '../../storage/exports/registry';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import { contentHash } from '../../storage/trace-store';
import { ADAPTERS } from '../../utils/adapters/registry';
import type { Settings } from '../../utils/settings';
import { pageViolations, serious } from '../support/axe';
import { DEMO_PAGE, DEMO_URL, type ExtensionBrowser, launchWithExtension, readStore } from '../support/browser';
import { exportFromLog } from '../support/export-download';
import { releaseMouse, toolbarPlacement } from '../support/select-text';

let browser: ExtensionBrowser;
let log: Page;
const exported = new Map<string, string>();

async function store<T>(page: Page, table: string): Promise<T[]> {
  const rows = await readStore<T & { id?: string; key?: string }>(page, table);
  return rows.sort((a, b) => String(a.id ?? a.key).localeCompare(String(b.id ?? b.key)));
}

async function snapshot(page: Page) {
  return {
    traces: await store<Trace>(page, 'traces'),
    events: await store<FeedbackEvent>(page, 'events'),
    aggregates: await store<Aggregate>(page, 'aggregates'),
  };
}

/** Selects text inside the answer next to the strip, as a user's mouse would, to open the selection toolbar. */
async function selectInAnswer(page: Page, exact: string): Promise<boolean> {
  const selected = await page.evaluate((text) => {
    const answer = document.querySelector('stageback-strip')?.nextElementSibling;
    if (!answer) return false;
    const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(text) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      return true;
    }
    return false;
  }, exact);
  if (selected) await releaseMouse(page); // trusted: the extension ignores a page-dispatched mouseup
  return selected;
}

const COMMENT = 'Needs sources for older adults';
const SPAN = 'seven or more hours';

beforeAll(async () => {
  browser = await launchWithExtension();
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
});
afterAll(() => browser?.close());

describe('the log page', () => {
  it('gets feedback given on the demo page: a thumb, a grade, a comment, a labelled span', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    const up = page.getByRole('button', { name: 'Overall: good' });
    await expect.poll(() => up.isEnabled(), { timeout: 15_000 }).toBe(true);
    await up.click();
    await page.getByRole('button', { name: 'Open Sources panel' }).click();
    await page.getByRole('button', { name: 'source 2: 3 perfectly relevant' }).click();
    await page.getByRole('button', { name: 'Open Overall panel' }).click();
    await page.getByLabel('Comment on the whole answer').fill(COMMENT);
    await page.getByRole('button', { name: 'Save comment' }).click();
    expect(await selectInAnswer(page, SPAN)).toBe(true);
    const placed = await toolbarPlacement(page);
    expect(placed).toMatchObject({ scrolled: false, inView: true });
    expect(placed.gap).toBeLessThanOrEqual(40);
    await page.locator('stageback-toolbar button', { hasText: 'unverifiable' }).click();
    log = await browser.extensionPage('log.html');
    await expect.poll(async () => (await readStore(log, 'events')).length, { timeout: 10_000 }).toBe(4);
    await page.close();
    await log.reload();
    await log.getByRole('button', { name: 'Every event (table)' }).click();
  });

  it("shows what was given in the popup's counts and charts, with no serious axe violations", async () => {
    const popup = await browser.extensionPage('popup.html');
    await expect.poll(() => popup.getByTestId('events-all').textContent()).toBe('4');
    expect(await popup.getByTestId('answers-all').textContent()).toBe('1');
    const bars = async (testId: string) =>
      Object.fromEntries(
        await popup
          .getByTestId(testId)
          .locator('dd')
          .evaluateAll((dds) => dds.map((dd) => [(dd as HTMLElement).dataset.key, dd.textContent])),
      );
    await popup.getByTestId('by-stage').waitFor();
    // A thumb and a comment on the whole answer, a grade on a source, a label on a span.
    expect(await bars('by-stage')).toEqual({ decomposition: '0', retrieval: '1', answer: '1', overall: '2' });
    expect(await bars('by-site')).toEqual({ 'google-ai-overview': '4' });
    expect(await bars('by-label')).toEqual({ unverifiable: '1' });
    expect(await bars('by-origin')).toEqual({ user: '4' });
    expect(serious(await pageViolations(popup)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await popup.close();
  });

  it('opens by answer: the query, the site, the answer with its labelled span, and the feedback in words', async () => {
    const answers = await browser.extensionPage('log.html');
    const card = answers.getByTestId('answer-card');
    await expect.poll(() => card.count()).toBe(1);
    expect(await answers.getByRole('button', { name: 'By answer' }).getAttribute('aria-pressed')).toBe('true');
    expect(await card.getByRole('heading', { level: 3 }).textContent()).toBe('how much sleep do adults need');
    expect(await card.locator('.meta').textContent()).toContain('Google AI Overview');
    expect(await card.locator('mark').textContent()).toBe(`${SPAN}unverifiable`);
    const feedback = await card.locator('.answer-feedback li').allTextContents();
    expect(feedback).toHaveLength(4);
    expect(feedback).toContainEqual(
      expect.stringMatching(/^Sources · relevance 3 \(perfectly relevant\) — source \d+, [a-z.]+: \S/),
    );
    expect(feedback).toContainEqual(`Overall · comment: “${COMMENT}”`);
    await card.getByRole('button', { name: 'how much sleep do adults need' }).click();
    await answers.getByTestId('detail').waitFor();
    expect(serious(await pageViolations(answers)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await answers.close();
  });

  it('lists the feedback newest first and filters it', async () => {
    await expect.poll(() => log.getByTestId('log-count').textContent()).toBe('4 feedback events');
    const rows = log.getByTestId('log-row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.first().textContent()).toContain('Answer · unverifiable');
    expect(await rows.last().textContent()).toContain('Overall · thumbs up');
    expect(await rows.first().textContent()).toContain('how much sleep do adults need');

    await log.getByTestId('filter-text').fill('older ADULTS');
    await expect.poll(() => log.getByTestId('log-count').textContent()).toBe('1 feedback event matches');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(COMMENT);
    await log.getByTestId('filter-text').fill('');
    await log.getByLabel('Stage', { exact: true }).selectOption('retrieval');
    await expect.poll(() => log.getByTestId('log-count').textContent()).toBe('1 feedback event matches');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('relevance 3 (perfectly relevant)');
    // The row says which source the grade is about: its position, domain and title.
    expect(await rows.first().locator('td.note').textContent()).toMatch(/^source \d+, [a-z0-9.-]+\.[a-z]+: \S/);
    // Nothing in the feedback column is cut: its two lines hold it.
    const cut = await rows
      .first()
      .locator('td.what .clamp')
      .evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    expect(cut).toBe(false);
    await log.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(4);
  });

  it('shows one answer with its labelled span, sources with grades, and its history', async () => {
    await log
      .getByTestId('log-row')
      .first()
      .getByRole('button', { name: 'how much sleep do adults need', exact: true })
      .click();
    const detail = log.getByTestId('detail');
    await detail.waitFor();
    // Opening an answer leaves the query readable in the table (it once shrank to "ho…").
    const queryWidth = await log
      .getByTestId('log-row')
      .first()
      .locator('td.query')
      .evaluate((td) => td.clientWidth);
    expect(queryWidth).toBeGreaterThan(150);
    const mark = detail.locator('mark');
    expect(await mark.count()).toBe(1);
    expect(await mark.textContent()).toBe(`${SPAN}unverifiable`);
    expect(await mark.locator('.mark-label').textContent()).toBe('unverifiable');
    expect(await log.getByTestId('detail-answer').textContent()).toContain('Most adults need seven or more hours');
    expect(await log.getByTestId('detail-sources').textContent()).toContain('relevance 3 (perfectly relevant)');
    expect(await log.getByTestId('detail-history').locator('li').count()).toBe(4);
    const violations = serious(await pageViolations(log));
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it('exports every format through a real download', async () => {
    const empty: string[] = [];
    for (const format of formatDescriptors()) {
      await log.getByTestId('export-format').selectOption(format.id);
      const download = await exportFromLog(log);
      if (!download) {
        empty.push(format.id);
        continue;
      }
      expect(download.suggestedFilename()).toMatch(
        new RegExp(`^stageback-${format.id}-\\d{4}-\\d{2}-\\d{2}\\.${format.fileExtension.replace('.', '\\.')}$`),
      );
      const file = await download.path();
      // A bundle (several files) is a zip: read with fflate's reader (bundle-zip.test.ts checks it with unzip).
      const entries = format.bundle ? unzipSync(new Uint8Array(await readFile(file))) : null;
      const text = entries ? `${Object.keys(entries).join('\n')}\n` : await readFile(file, 'utf8');
      exported.set(format.id, text);
      if (format.id === 'trec') {
        expect(text.trim().split('\n').sort()).toEqual([
          'qrels.txt',
          'runs/google-ai-overview.run',
          'runs/google-ai-overview.user.run',
          'topics.tsv',
        ]);
        for (const name of ['qrels.txt', 'runs/google-ai-overview.run', 'topics.tsv']) {
          exported.set(`trec/${name}`, strFromU8(entries?.[name] ?? new Uint8Array()));
        }
      }
      await expect.poll(() => log.getByTestId('export-status').textContent()).toContain('Saved');
      const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
      if (format.fileExtension === 'jsonl') for (const line of lines) JSON.parse(line);
      if (format.fileExtension === 'json' || format.fileExtension === 'jsonld') JSON.parse(text);
      if (format.id === 'csv') expect(lines[0]).toMatch(/^event_id,created_at,trace_id,/);
    }
    // Nobody here corrected the answer, edited a sub-query or graded a citation: those formats have nothing to
    // save, and the panel says so instead of handing over an empty file.
    expect(empty.sort()).toEqual(['citations', 'decomposition-pairs', 'dpo']);
    const jsonl = (exported.get('jsonl') ?? '').trim().split('\n');
    expect(jsonl).toHaveLength(1 + 1 + 4); // header, trace, events
    expect((exported.get('csv') ?? '').split('\r\n').filter(Boolean)).toHaveLength(1 + 4);
    expect(exported.get('trec/qrels.txt')).toMatch(/ 3$/m);
    for (const line of (exported.get('trec/runs/google-ai-overview.run') ?? '').trim().split('\n')) {
      expect(line.split(' ')).toHaveLength(6);
      expect(line.endsWith(' google-ai-overview')).toBe(true);
    }
    expect(exported.get('trec/topics.tsv')).toContain('\thow much sleep do adults need\n');
  });

  it('exports with the options ticked in the panel: a CSV with the Excel mark, a dataset folder that unzips', async () => {
    await log.getByTestId('export-format').selectOption('csv');
    const bom = log.getByTestId('export-option-bom');
    expect(await bom.isChecked()).toBe(false);
    expect(await log.getByTestId('export-option-formulaGuard').isChecked()).toBe(true);
    await bom.check();
    const [csv] = await Promise.all([log.waitForEvent('download'), log.getByTestId('export-start').click()]);
    const bytes = await readFile(await csv.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 12).toString('utf8')).toBe('event_id,');

    await log.getByTestId('export-format').selectOption('hf-dataset');
    await log.getByTestId('export-option-conversational').check();
    const [zip] = await Promise.all([log.waitForEvent('download'), log.getByTestId('export-start').click()]);
    const files = unzipSync(new Uint8Array(await readFile(await zip.path())));
    expect(Object.keys(files)).toContain('README.md');
    expect(strFromU8(files['README.md'] ?? new Uint8Array())).toContain('conversational: true');
    await expect
      .poll(() => log.getByTestId('export-status').textContent())
      .toMatch(/Saved stageback-hf-dataset-.*rows?/);
  });

  it('a corrupt or foreign file names the bad lines and changes nothing', async () => {
    const before = await snapshot(log);
    const lines = (exported.get('jsonl') ?? '').trim().split('\n');
    const corrupt = [...lines.slice(0, 3), '{"type":"event","event":{"id":"nope"}}', 'not json', ...lines.slice(3)];
    await log.getByTestId('import-file').setInputFiles({
      name: 'corrupt.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(corrupt.join('\n')),
    });
    const error = log.getByTestId('import-error');
    await expect.poll(() => error.textContent()).toContain('2 lines of this Stageback log are not valid');
    expect(await error.textContent()).toContain('line 4: event.');
    expect(await error.textContent()).toContain('line 5: not JSON');
    expect(await log.getByTestId('import-apply').count()).toBe(0);

    await log.getByTestId('import-file').setInputFiles({
      name: 'sheet.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(exported.get('csv') ?? ''),
    });
    await expect.poll(() => error.textContent()).toContain('This is not a Stageback log');
    expect(await snapshot(log)).toEqual(before);
  });
});

describe('the options page', () => {
  it('lists the sites, keeps private windows off, and its redaction rules and theme reach the log page', async () => {
    const options = await browser.extensionPage('options.html');
    const sites = options.getByTestId('sites').locator('tbody tr');
    await expect.poll(() => sites.count()).toBe(ADAPTERS.length);
    expect(await options.getByTestId('private-windows').isChecked()).toBe(false);
    const first = ADAPTERS[0]?.name ?? '';
    await options.getByLabel(`${first}: passive signals`).uncheck();
    await options.getByLabel(`${first}: Stageback on`).uncheck();
    expect(await options.getByLabel(`${first}: passive signals`).isDisabled()).toBe(true);

    await options.getByLabel('E-mail addresses').check();
    await options.getByTestId('redaction-words').fill('sleep\nAcme');
    await options.getByTestId('redaction-words').blur();
    const preview = await options.getByTestId('redaction-preview').textContent();
    expect(preview).toContain('write to ████████████████████ about the ████ project');
    await options.getByTestId('retention').selectOption('90');
    await options.getByLabel('Dark').check();
    expect(await options.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(serious(await pageViolations(options)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    const stored = (await options.evaluate(
      () => new Promise((resolve) => chrome.storage.local.get(['settings'], resolve)),
    )) as {
      settings: Settings;
    };
    expect(stored.settings).toMatchObject({ retentionDays: 90, theme: 'dark', privateWindows: false });
    expect(stored.settings.sites[ADAPTERS[0]?.id ?? '']).toEqual({ enabled: false, passiveSignals: false });

    await expect.poll(() => log.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await log.getByTestId('export-format').selectOption('csv');
    const [download] = await Promise.all([log.waitForEvent('download'), log.getByTestId('export-start').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain('how much █████ do adults need');
    expect(csv).not.toContain('how much sleep');
    await options.close();
  });
});

describe('import into a fresh profile, then delete', () => {
  let fresh: ExtensionBrowser;
  let page: Page;
  afterAll(() => fresh?.close());

  it('imports the JSONL backup record for record, after a preview; a second import skips everything', async () => {
    const original = await snapshot(log);
    fresh = await launchWithExtension();
    page = await fresh.extensionPage('log.html');
    await page.getByRole('button', { name: 'Every event (table)' }).click();
    const file = {
      name: 'backup.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(exported.get('jsonl') ?? ''),
    };
    await page.getByTestId('import-file').setInputFiles(file);
    const status = page.getByTestId('import-status');
    await expect.poll(() => status.textContent()).toContain('will add 1 answer and 4 feedback events');
    expect(await readStore(page, 'events')).toHaveLength(0);
    await page.getByTestId('import-apply').click();
    await expect.poll(() => status.textContent()).toContain('Imported 1 answer and 4 feedback events');
    expect(await snapshot(page)).toEqual(original);
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('4 feedback events');

    await page.getByTestId('import-file').setInputFiles(file);
    await expect.poll(() => status.textContent()).toContain('will add 0 answers and 0 feedback events');
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true);
  });

  it('deletes one event, the filtered set and everything, keeping the counters right', async () => {
    const rows = page.getByTestId('log-row');
    await rows
      .first()
      .getByRole('button', { name: /^Delete/ })
      .click();
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('3 feedback events');
    let aggregates = await store<Aggregate>(page, 'aggregates');
    expect(aggregates.find((a) => a.key === 'all|events')?.count).toBe(3);
    expect(aggregates.find((a) => a.key === 'all|label=unverifiable')).toBeUndefined();

    await page.getByLabel('Stage', { exact: true }).selectOption('overall');
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('2 feedback events match');
    await page.getByRole('button', { name: 'Delete the filtered set…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the filtered set?' });
    expect(await dialog.textContent()).toContain('the 2 feedback events that match the filter');
    await dialog.getByRole('button', { name: 'Delete the filtered set' }).click();
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('0 feedback events match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('1 feedback event');
    aggregates = await store<Aggregate>(page, 'aggregates');
    expect(aggregates.find((a) => a.key === 'all|events')?.count).toBe(1);
    expect(aggregates.find((a) => a.key === 'all|stage=overall')).toBeUndefined();

    await page.getByRole('button', { name: 'Delete everything…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await readStore(page, 'events')).toHaveLength(1);
    await page.getByRole('button', { name: 'Delete everything…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete everything' }).click();
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('0 feedback events');
    expect(await snapshot(page)).toEqual({ traces: [], events: [], aggregates: [] });
  });

  it('windows a long log: only visible rows are in the page, more load on scrolling', async () => {
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('stageback');
          open.onsuccess = () => {
            const tx = open.result.transaction('events', 'readwrite');
            const events = tx.objectStore('events');
            for (let i = 0; i < 3_000; i++) {
              const n = String(i).padStart(12, '0');
              events.put({
                id: `0193b000-0000-7000-8000-${n}`,
                schemaVersion: 1,
                traceId: '0193b000-0001-7000-8000-000000000001',
                createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
                stage: 'overall',
                target: { type: 'stage' },
                kind: 'rating',
                value: { scale: 'thumbs', score: 1 },
                origin: 'user',
              });
            }
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await page.getByRole('button', { name: 'Every event (table)' }).click();
    await expect.poll(() => page.getByTestId('log-count').textContent()).toBe('3,000 feedback events');
    const rows = page.getByTestId('log-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(5);
    expect(await rows.count()).toBeLessThan(80);
    const scroller = page.getByTestId('log-scroller');
    // Each scroll to the bottom loads the next page of rows; 3,000 rows take a few dozen of them.
    for (const end = Date.now() + 40_000; Date.now() < end; ) {
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      if ((await rows.last().getAttribute('data-event-id'))?.endsWith('000000000000')) break;
      await page.waitForTimeout(100);
    }
    expect(await rows.last().getAttribute('data-event-id')).toBe('0193b000-0000-7000-8000-000000000000');
    expect(await rows.count()).toBeLessThan(80);
  });
});

describe('page text with hidden characters', () => {
  let other: ExtensionBrowser;
  afterAll(() => other?.close());

  it('shows a right-to-left override and a zero-width space as visible markers in the log, the detail and the import preview', async () => {
    const draft = {
      id: '0193c000-0001-7000-8000-000000000001',
      schemaVersion: 1 as const,
      siteId: 'google-ai-overview',
      pageUrl: 'https://www.google.com/search?q=invoice',
      query: 'invoice\u202Efdp.exe',
      capturedAt: '2026-11-26T20:00:00.000Z',
      lang: 'en',
      subqueries: [],
      sources: [],
      answer: { text: 'Open in\u200Bvoice\u202Efdp.exe now.', sentences: [], complete: true },
      availability: {
        decomposition: 'not_available' as const,
        retrieval: 'not_available' as const,
        answer: 'read' as const,
      },
      adapter: { id: 'google-ai-overview', version: '1' },
    };
    const trace = { ...draft, contentHash: await contentHash(draft) };
    const event = {
      id: '0193c000-0002-7000-8000-000000000001',
      schemaVersion: 1,
      traceId: draft.id,
      createdAt: '2026-11-26T20:01:00.000Z',
      stage: 'overall',
      target: { type: 'stage' },
      kind: 'rating',
      value: { scale: 'thumbs', score: -1 },
      origin: 'user',
    };
    const traceLine = JSON.stringify({ type: 'trace', trace });
    const otherQuery = { ...draft, query: 'other\u202Equery' };
    const changed = JSON.stringify({
      type: 'trace',
      trace: { ...otherQuery, contentHash: await contentHash(otherQuery) },
    });
    const header = JSON.stringify({
      format: 'stageback-log',
      schemaVersion: 1,
      exportedAt: '2026-11-27T09:00:00.000Z',
    });
    other = await launchWithExtension();
    const page = await other.extensionPage('log.html');
    await page.getByRole('button', { name: 'Every event (table)' }).click();
    const file = (name: string, lines: string[]) => ({
      name,
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(lines.join('\n')),
    });

    await page
      .getByTestId('import-file')
      .setInputFiles(file('backup.jsonl', [header, traceLine, JSON.stringify({ type: 'event', event })]));
    await page.getByTestId('import-apply').click();
    const row = page.getByTestId('log-row');
    await expect.poll(() => row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('invoice⟨U+202E⟩fdp.exe');
    expect(text).not.toContain('\u202E');

    await row.getByRole('button', { name: 'invoice⟨U+202E⟩fdp.exe', exact: true }).click();
    await page.getByTestId('detail').waitFor();
    expect(await page.locator('#detail-title').textContent()).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(await page.getByTestId('detail-answer').textContent()).toBe('Open in⟨U+200B⟩voice⟨U+202E⟩fdp.exe now.');
    // What is stored keeps the page's text as it was.
    expect((await readStore<Trace>(page, 'traces'))[0]?.query).toBe('invoice\u202Efdp.exe');

    // The import preview: a conflict message quotes page text.
    await page.getByTestId('import-file').setInputFiles(file('conflict.jsonl', [header, traceLine, changed]));
    const error = page.getByTestId('import-error');
    await expect.poll(() => error.textContent()).toContain('conflicts with an earlier line');
    expect(await error.textContent()).toContain('"other⟨U+202E⟩query"');
    expect(await error.textContent()).not.toContain('\u202E');
  });
});
