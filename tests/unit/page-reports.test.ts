import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { type BackgroundDeps, dispatch } from '../../utils/background/dispatch';
import { createPageReports } from '../../utils/background/page-reports';
import { createQueryHistory } from '../../utils/background/query-history';
import { createTabTraces } from '../../utils/background/tab-traces';
import { pageUrlOfReport, reportFileName } from '../../utils/report/report-file';
import { uuidv7 } from '../../utils/uuidv7';

const PAGE = 'https://www.perplexity.ai/search/some-thread-abc';
const tab = { tabId: 4, frameId: 0, origin: 'https://www.perplexity.ai' };
let deps: BackgroundDeps;
let opened: { url: string; opener: number }[];
beforeEach(() => {
  const db = new StagebackDB(`reports-${uuidv7()}`);
  opened = [];
  deps = {
    db,
    writer: createEventWriter(db),
    queries: createQueryHistory(),
    tabTraces: createTabTraces(),
    injectOverlay: async () => {},
    reports: createPageReports((id) => `chrome-extension://x/report.html#${id}`),
    openTab: async (url, opener) => {
      opened.push({ url, opener });
      return 7;
    },
  };
});
afterEach(async () => {
  deps.db.close();
  await Dexie.delete(deps.db.name);
});

describe('"Report this page" at the background boundary', () => {
  it('keeps a tab’s report of its own page and opens the report page next to it', async () => {
    const reply = await dispatch('openReport', { pageUrl: PAGE, html: '<p>answer</p>' }, deps, tab);
    if (!reply.ok) throw new Error(reply.error.message);
    expect(opened).toEqual([{ url: `chrome-extension://x/report.html#${reply.data.reportId}`, opener: 4 }]);
    // Only the extension's pages read it back.
    const fromTab = await dispatch('getReport', reply.data.reportId, deps, tab);
    expect(fromTab).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    const fromPage = await dispatch('getReport', reply.data.reportId, deps, { fromExtensionPage: true });
    expect(fromPage).toMatchObject({ ok: true, data: { pageUrl: PAGE, html: '<p>answer</p>' } });
  });

  it('refuses a report of another site’s page, a report that is not a page address, and an empty one', async () => {
    const other = await dispatch('openReport', { pageUrl: 'https://www.google.com/search?q=x', html: 'x' }, deps, tab);
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    const notHttp = await dispatch('openReport', { pageUrl: 'javascript:alert(1)', html: 'x' }, deps, tab);
    expect(notHttp).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    const empty = await dispatch('openReport', { pageUrl: PAGE, html: '' }, deps, tab);
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(opened).toEqual([]);
  });
});

describe('report files', () => {
  it('name the page they were saved from in a meta the extractor reads', () => {
    const html = `<!DOCTYPE html><html><head><meta name="stageback-page-url" content="https://www.google.com/search?q=a&amp;udm=50"></head></html>`;
    expect(pageUrlOfReport(html)).toBe('https://www.google.com/search?q=a&udm=50');
    expect(pageUrlOfReport('<meta name="stageback-page-url" content="javascript:alert(1)">')).toBeNull();
    expect(pageUrlOfReport('<html><head><title>x</title></head></html>')).toBeNull();
    expect(reportFileName(PAGE, new Date('2026-12-04T10:00:00Z'), true)).toBe(
      'stageback-report-www.perplexity.ai-2026-12-04-placeholders.html',
    );
  });
});
