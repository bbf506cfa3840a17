import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Dexie from 'dexie';
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { rememberTheme } from '../../components/apply-theme';
import { fillCounts } from '../../components/popup/counts-table';
import { paintFirstFrame } from '../../components/popup/first-paint';
import { DB_NAME, StagebackDB } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { readDashboardCounts } from '../../storage/queries/dashboard';
import { readDashboardCountsRaw } from '../../storage/queries/dashboard-raw';
import { upsertTrace } from '../../storage/trace-store';
import { spanLabel, thumbs, traceDraft } from '../support/factories';

const popupWindow = async () =>
  new JSDOM(await readFile(path.resolve(import.meta.dirname, '../../entrypoints/popup/index.html'), 'utf8'), {
    url: 'https://extension.test/popup.html',
  }).window;
const popupDocument = async () => (await popupWindow()).document;
const cells = (doc: Document) =>
  Object.fromEntries(
    [...doc.querySelectorAll<HTMLElement>('[data-count]')].map((c) => [c.dataset.count, c.textContent]),
  );

afterEach(() => Dexie.delete(DB_NAME));

describe("the popup's first frame (plain IndexedDB, before React)", () => {
  it('fills the static counts table with the same numbers the live popup reads, and applies the theme', async () => {
    const db = new StagebackDB();
    const a = await upsertTrace(db, traceDraft());
    const b = await upsertTrace(db, traceDraft({ query: 'other question', siteId: 'perplexity' }));
    await createEventWriter(db).write([thumbs(a.traceId), spanLabel(a.traceId), thumbs(b.traceId)]);
    const live = await readDashboardCounts(db);
    db.close();
    expect(await readDashboardCountsRaw()).toEqual(live);

    const win = await popupWindow();
    const doc = win.document;
    expect(cells(doc)['events.all']).toBe('…');
    rememberTheme(win.localStorage, 'dark'); // as the theme setting, applied on any extension page, leaves it
    // The counts go on to the React popup, which then does not read them again.
    expect(await paintFirstFrame(doc, indexedDB, win.localStorage)).toEqual(live);
    expect(cells(doc)).toEqual({
      'answers.today': '2',
      'answers.week': '2',
      'answers.all': '2',
      'events.today': '3',
      'events.week': '3',
      'events.all': '3',
    });
    expect(doc.documentElement.dataset.theme).toBe('dark');
  });

  it('never creates the database, and leaves the placeholders when there is none', async () => {
    await expect(readDashboardCountsRaw(indexedDB, new Date(), 'never-created')).rejects.toThrow();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('never-created');
    const doc = await popupDocument();
    await paintFirstFrame(doc, indexedDB);
    expect(cells(doc)['answers.all']).toBe('…');
  });

  it('does not overwrite numbers the live query already put there', async () => {
    const doc = await popupDocument();
    const counts = (n: number) => ({
      answers: { today: n, week: n, all: n },
      events: { today: n, week: n, all: n },
      by: { stage: {}, site: {}, origin: {}, label: {} },
    });
    fillCounts(doc, counts(5), 'live');
    fillCounts(doc, counts(4), 'first');
    expect(cells(doc)['events.all']).toBe('5');
  });
});
