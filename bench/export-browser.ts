/**
 * The JSONL export in real Chromium, against the extension's own IndexedDB, next to raw IndexedDB reads of the
 * same rows in the same page of the same browser. Environment:
 * - EXPORT_EVENTS: how many events to store (default 200,000; the issue's scenario is 1,000,000);
 * - EXPORT_SHAPES: comma-separated shapes (`clustered,interleaved` by default, see export-data.ts);
 * - EXPORT_ROUNDS: rounds of (raw cursor, raw getAll, export), medians reported (default 3);
 * - EXPORT_PROFILE: a directory to write a CPU profile of one export into (`<shape>.cpuprofile`);
 * - EXPORT_INDEX_READ=0: skip the raw read over the events' index (the trace-order floor), which is slow at 1M.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { type ExtensionBrowser, launchWithExtension } from '../tests/support/browser';
import { rowsFor, type Shape } from './export-data';
import { type Figure, median } from './report';

const EVENTS = Number(process.env.EXPORT_EVENTS ?? 200_000);
const SHAPES = (process.env.EXPORT_SHAPES ?? 'clustered,interleaved').split(',') as Shape[];
const ROUNDS = Number(process.env.EXPORT_ROUNDS ?? 3);
const PROFILE_DIR = process.env.EXPORT_PROFILE;
const INDEX_READ = process.env.EXPORT_INDEX_READ !== '0';
const FILL_CHUNK = 10_000;
/** What the target asks of the export: at least this fraction of the raw read's speed. */
const TARGET = 0.7;

/** Runs in the page: stores one chunk of rows with plain IndexedDB, in one transaction. */
async function storeChunk(make: typeof rowsFor, args: { shape: Shape; total: number; from: number; to: number }) {
  const { traces, events } = make(args.shape, args.total, args.from, args.to);
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('stageback');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  await new Promise((resolve, reject) => {
    const tx = db.transaction(['traces', 'events'], 'readwrite');
    for (const t of traces) tx.objectStore('traces').put(t);
    for (const e of events) tx.objectStore('events').put(e);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/**
 * Fills the database from the extension page, generating the rows there (an extension page's CSP refuses
 * `eval`, but an expression sent by the DevTools protocol runs: the generator travels as source text).
 */
async function fill(page: Page, shape: Shape): Promise<number> {
  const t0 = Date.now();
  for (let from = 0; from < EVENTS; from += FILL_CHUNK) {
    const args = { shape, total: EVENTS, from, to: Math.min(EVENTS, from + FILL_CHUNK) };
    await page.evaluate(`(${storeChunk.toString()})(${rowsFor.toString()}, ${JSON.stringify(args)})`);
  }
  return (Date.now() - t0) / 1000;
}

/** Peak JS heap of the page while `run` runs, sampled every 100 ms, and the heap after a GC before it. */
async function withHeap<T>(cdp: CDPSession, run: () => Promise<T>): Promise<T & { heapMb: number; peakMb: number }> {
  const used = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1_048_576;
  };
  await cdp.send('HeapProfiler.collectGarbage');
  const heapMb = await used();
  let peakMb = heapMb;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peakMb = Math.max(peakMb, await used());
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    return { ...(await run()), heapMb, peakMb };
  } finally {
    running = false;
    await sampler;
  }
}

/**
 * The issue's baseline: one cursor over the traces and one over the events, each row JSON.stringify'd. Rows
 * are read in primary-key order (the order they lie in on disk), with no grouping.
 */
const rawCursor = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('stageback');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const t0 = performance.now();
    let chars = 0;
    let rows = 0;
    for (const store of ['traces', 'events']) {
      await new Promise<void>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).openCursor();
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return resolve();
          chars += JSON.stringify(cursor.value).length;
          rows++;
          cursor.continue();
        };
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return { ms: performance.now() - t0, chars, rows };
  });

/** The fastest plain read we know: `getAll` of 5,000 rows at a time in primary-key order, each JSON.stringify'd. */
const rawGetAll = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('stageback');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const t0 = performance.now();
    let chars = 0;
    let rows = 0;
    for (const store of ['traces', 'events']) {
      let after: IDBValidKey | undefined;
      for (;;) {
        const page = await new Promise<{ id: IDBValidKey }[]>((resolve, reject) => {
          const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
          const request = db.transaction(store).objectStore(store).getAll(range, 5_000);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const row of page) chars += JSON.stringify(row).length;
        rows += page.length;
        if (page.length < 5_000) break;
        after = (page[page.length - 1] as { id: IDBValidKey }).id;
      }
    }
    db.close();
    return { ms: performance.now() - t0, chars, rows };
  });

/**
 * The read every export in trace order needs: `getAll` of 5,000 rows at a time over the events'
 * `[traceId+createdAt]` index (keyset: each page starts above the last key; ties at a page's end are not
 * re-read here, which only flatters this baseline), each JSON.stringify'd; traces as in `rawGetAll`.
 */
const rawIndexGetAll = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('stageback');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const t0 = performance.now();
    let chars = 0;
    let rows = 0;
    const read = (store: string, index: string | undefined, key: (row: Record<string, unknown>) => IDBValidKey) =>
      (async () => {
        let after: IDBValidKey | undefined;
        for (;;) {
          const page = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
            const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
            const source = db.transaction(store).objectStore(store);
            const request = (index ? source.index(index) : source).getAll(range, 5_000);
            request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
            request.onerror = () => reject(request.error);
          });
          for (const row of page) chars += JSON.stringify(row).length;
          rows += page.length;
          if (page.length < 5_000) break;
          after = key(page[page.length - 1] as Record<string, unknown>);
        }
      })();
    await read('traces', undefined, (t) => t.id as string);
    await read('events', '[traceId+createdAt]', (e) => [e.traceId as string, e.createdAt as string]);
    db.close();
    return { ms: performance.now() - t0, chars, rows };
  });

/** The product's path: the log page's Export button, JSONL, to a downloaded file. */
async function exportJsonl(page: Page, cdp: CDPSession, profileAs?: string) {
  await page.getByTestId('export-format').selectOption('jsonl');
  if (profileAs) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 900_000 }),
    page.getByTestId('export-start').click(),
  ]);
  const ms = Date.now() - t0;
  if (profileAs) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(profileAs, JSON.stringify(profile));
  }
  const { size } = await stat(await download.path());
  await download.delete();
  return { ms, bytes: size };
}

async function benchShape(browser: ExtensionBrowser, shape: Shape): Promise<Figure[]> {
  const page = await browser.extensionPage('log.html');
  await page.getByTestId('export-start').waitFor();
  const fillS = await fill(page, shape);
  await page.reload();
  await page.getByTestId('export-start').waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const cursor: number[] = [];
  const getAll: number[] = [];
  const byIndex: number[] = [];
  const exported: number[] = [];
  let exportPeak = 0;
  let exportHeap = 0;
  let rawPeak = 0;
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const c = await withHeap(cdp, () => rawCursor(page));
    if (c.rows < EVENTS) throw new Error(`raw cursor read ${c.rows} rows`);
    cursor.push(c.ms);
    rawPeak = Math.max(rawPeak, c.peakMb - c.heapMb);
    const g = await withHeap(cdp, () => rawGetAll(page));
    getAll.push(g.ms);
    rawPeak = Math.max(rawPeak, g.peakMb - g.heapMb);
    if (INDEX_READ) byIndex.push((await withHeap(cdp, () => rawIndexGetAll(page))).ms);
    const profileAs = PROFILE_DIR && round === ROUNDS - 1 ? path.join(PROFILE_DIR, `${shape}.cpuprofile`) : undefined;
    if (PROFILE_DIR) await mkdir(PROFILE_DIR, { recursive: true });
    const e = await withHeap(cdp, () => exportJsonl(page, cdp, profileAs));
    exported.push(e.ms);
    exportPeak = Math.max(exportPeak, e.peakMb - e.heapMb);
    exportHeap = e.heapMb;
    bytes = e.bytes;
    console.log(
      `  ${shape} round ${round + 1}: raw cursor ${(c.ms / 1000).toFixed(1)} s, raw getAll ${(g.ms / 1000).toFixed(1)} s, raw index getAll ${INDEX_READ ? `${((byIndex[round] ?? 0) / 1000).toFixed(1)} s` : 'skipped'}, export ${(e.ms / 1000).toFixed(1)} s`,
    );
  }
  await cdp.detach();
  await page.close();
  const rate = (ms: number) => Math.round(EVENTS / (ms / 1000));
  const n = EVENTS.toLocaleString('en-US');
  const rounds = `median of ${ROUNDS} interleaved rounds`;
  return [
    {
      name: `JSONL export of ${n} events (${shape}) from the log page to a downloaded file, events/s (${rounds})`,
      value: rate(median(exported)),
      unit: 'events/s',
      baseline: {
        name: 'a raw IndexedDB cursor over the same rows (traces, events), JSON.stringify each, same page',
        value: rate(median(cursor)),
      },
      target: { ratio: TARGET, atLeast: true },
      note: `export ${(median(exported) / 1000).toFixed(1)} s, raw cursor ${(median(cursor) / 1000).toFixed(1)} s; ${(bytes / 1_048_576).toFixed(0)} MB file; filled in ${fillS.toFixed(0)} s`,
    },
    {
      name: `the same export (${shape}) against raw getAll(5,000) pages in primary-key order, events/s`,
      value: rate(median(exported)),
      unit: 'events/s',
      baseline: { name: 'raw getAll pages over the same rows, JSON.stringify each', value: rate(median(getAll)) },
      note: `raw getAll ${(median(getAll) / 1000).toFixed(1)} s`,
    },
    ...(INDEX_READ
      ? [
          {
            name: `raw getAll(5,000) pages over the events' [traceId+createdAt] index (${shape}): the floor of any read in trace order, events/s`,
            value: rate(median(byIndex)),
            unit: 'events/s',
            baseline: { name: 'the raw cursor in primary-key order', value: rate(median(cursor)) },
            note: `raw index getAll ${(median(byIndex) / 1000).toFixed(1)} s`,
          },
        ]
      : []),
    {
      name: `peak JS heap growth of the log page during the export (${shape}, ${n} events)`,
      value: Number(exportPeak.toFixed(1)),
      unit: 'MB',
      baseline: { name: 'the same for the raw reads', value: Number(Math.max(rawPeak, 0.1).toFixed(1)) },
      note: `heap after GC before the export: ${exportHeap.toFixed(1)} MB; sampled every 100 ms`,
    },
  ];
}

/** One fresh browser per shape: each starts from an empty database. */
export async function benchExportBrowser(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const shape of SHAPES) {
    const browser = await launchWithExtension({ pierceClosedShadowRoots: false });
    try {
      figures.push(...(await benchShape(browser, shape)));
    } finally {
      await browser.close();
    }
  }
  return figures;
}
