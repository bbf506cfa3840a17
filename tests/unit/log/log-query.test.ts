import { describe, expect, it } from 'vitest';
import type { StagebackDB } from '../../../storage/db';
import type { ExportFilter } from '../../../storage/exports/filter';
import { matchesEvent, matchesTrace } from '../../../storage/exports/filter';
import {
  countMatching,
  type LogCursor,
  matchingEventIds,
  prepareFilter,
  readLogPage,
  readTraceDetail,
} from '../../../storage/queries/log';
import type { FeedbackEvent } from '../../../storage/schema';
import { uuidv7 } from '../../../utils/uuidv7';
import { useTestDbs } from '../../support/test-db';
import { EVENTS, fillDataset, TRACES, traceId } from '../exports/dataset';

const filledDb = useTestDbs('log', fillDataset);

const newestFirst = (a: FeedbackEvent, b: FeedbackEvent) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

function expected(filter: ExportFilter): string[] {
  const traceById = new Map(TRACES.map((t) => [t.id, t]));
  return EVENTS.filter((e) => {
    const trace = traceById.get(e.traceId);
    return !!trace && matchesTrace(trace, filter) && matchesEvent(e, trace, filter);
  })
    .sort(newestFirst)
    .map((e) => e.id);
}

async function readAll(db: StagebackDB, filter: ExportFilter, limit: number, scanLimit: number): Promise<string[]> {
  const prepared = await prepareFilter(db, filter);
  const ids: string[] = [];
  let after: LogCursor | undefined;
  let pages = 0;
  do {
    const page = await readLogPage(db, prepared, after, { limit, scanLimit });
    ids.push(...page.rows.map((r) => r.event.id));
    expect(page.rows.every((r) => r.trace?.id === r.event.traceId)).toBe(true);
    after = page.next;
    if (++pages > 1_000) throw new Error('no end');
  } while (after);
  return ids;
}

const FILTERS: [string, ExportFilter][] = [
  ['everything', {}],
  ['a site', { siteIds: ['perplexity'] }],
  ['a stage', { stages: ['answer'] }],
  ['a label', { labels: ['incorrect', 'outdated'] }],
  ['an origin', { origins: ['shadow'] }],
  ['a date range', { createdFrom: '2026-11-26T20:01:10.000Z', createdTo: '2026-11-26T20:21:00.000Z' }],
  ['text in the query', { text: 'COFFEE' }],
  ['text in a comment', { text: '2024 review' }],
  ['combined', { siteIds: ['google-ai-overview', 'copilot'], stages: ['overall', 'retrieval'] }],
  ['nothing matches', { text: 'no such words anywhere' }],
];

describe('the log pages through events newest first, filtered as the export filters', () => {
  for (const [name, filter] of FILTERS) {
    it(`${name}: small pages and a small scan budget give the same rows as the export filter`, async () => {
      const db = await filledDb();
      const want = expected(filter);
      expect(await readAll(db, filter, 3, 4)).toEqual(want);
      expect(await readAll(db, filter, 200, 2_000)).toEqual(want);
      let last = -1;
      let done = false;
      await countMatching(db, await prepareFilter(db, filter), (n, d) => {
        last = n;
        done = d;
      });
      expect([last, done]).toEqual([want.length, true]);
      expect(await matchingEventIds(db, await prepareFilter(db, filter))).toEqual(want);
    });
  }

  it('pages correctly through events that share a timestamp', async () => {
    const db = await filledDb();
    const same = EVENTS.slice(0, 3).map((e) => ({ ...e, id: uuidv7(), createdAt: '2026-11-26T20:30:00.000Z' }));
    await db.events.bulkAdd(same);
    const ids = await readAll(db, {}, 1, 1);
    expect(ids).toHaveLength(EVENTS.length + 3);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads one answer with its whole history, oldest first', async () => {
    const db = await filledDb();
    const detail = await readTraceDetail(db, traceId(2));
    expect(detail?.trace.id).toBe(traceId(2));
    const want = EVENTS.filter((e) => e.traceId === traceId(2)).map((e) => e.createdAt);
    expect(detail?.events.map((e) => e.createdAt)).toEqual([...want].sort());
    expect(await readTraceDetail(db, uuidv7())).toBeUndefined();
  });
});
