import { readFile } from 'node:fs/promises';
import { CURRENT_DB_VERSION, SCHEMA_VERSIONS } from '../storage/db';
import type { FeedbackEvent, Trace } from '../storage/schema';
import { DEMO_PAGE, DEMO_URL, type ExtensionBrowser, readStore } from '../tests/support/browser';
import { contentWorld, sendMessageExpression } from '../tests/support/content-world';
import { makeEvent } from '../utils/content/make-event';
import { type Figure, median } from './report';

const N = 10_000;
const BULK_MESSAGE_SIZE = 1_000;
const REPS = 3;

function events(traceId: string, n: number): FeedbackEvent[] {
  return Array.from({ length: n }, (_, i) =>
    makeEvent(traceId, {
      stage: 'retrieval',
      target: { type: 'source', sourceId: `s${i % 10}` },
      kind: 'relevance',
      value: (i % 4) as 0 | 1 | 2 | 3,
    }),
  );
}

/** The events store's key path and indexes, from the same declaration Dexie uses. */
function eventsStoreShape(): { keyPath: string; indexes: (string | string[])[] } {
  const [key, ...rest] = SCHEMA_VERSIONS[CURRENT_DB_VERSION].events.split(',').map((s) => s.trim());
  return {
    keyPath: key as string,
    indexes: rest.map((i) => (i.startsWith('[') ? i.slice(1, -1).split('+') : i.replace(/^[&*]/, ''))),
  };
}

/**
 * Raw IndexedDB: the same records put in one transaction, in the extension's
 * service worker, into a store of the same shape (key path and indexes) as ours.
 */
export async function rawPutMs(browser: ExtensionBrowser, records: FeedbackEvent[]): Promise<number> {
  return browser.serviceWorker.evaluate(
    async ({ recs, shape }) => {
      const name = `bench-raw-${Math.random()}`;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore('events', { keyPath: shape.keyPath });
          for (const index of shape.indexes) store.createIndex(String(index), index);
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const t0 = performance.now();
      await new Promise((resolve, reject) => {
        const tx = db.transaction('events', 'readwrite');
        const store = tx.objectStore('events');
        for (const r of recs) store.put(r);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      const ms = performance.now() - t0;
      db.close();
      indexedDB.deleteDatabase(name);
      return ms;
    },
    { recs: records, shape: eventsStoreShape() },
  );
}

export async function benchIngest(browser: ExtensionBrowser): Promise<Figure[]> {
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
  const page = await browser.context.newPage();
  await page.goto(DEMO_URL);
  await page.getByTestId('stageback-strip').waitFor();
  const world = await contentWorld(page, browser.extensionId);
  const popup = await browser.extensionPage('popup.html');
  let traceId: string | undefined;
  for (let i = 0; i < 100 && !traceId; i++) {
    traceId = (await readStore<Trace>(popup, 'traces'))[0]?.id;
    if (!traceId) await new Promise((r) => setTimeout(r, 100));
  }
  if (!traceId) throw new Error('the demo page produced no trace');

  const raw: number[] = [];
  const bulk: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const batch = events(traceId, N);
    raw.push(await rawPutMs(browser, batch));
    await world.evaluate(`globalThis.benchEvents = ${JSON.stringify(batch)}; true`);
    const ms = await world.evaluate<number>(`(async () => {
      const all = globalThis.benchEvents;
      const t0 = performance.now();
      const sends = [];
      for (let i = 0; i < all.length; i += ${BULK_MESSAGE_SIZE}) {
        sends.push(${sendMessageExpression('recordEvents', `all.slice(i, i + ${BULK_MESSAGE_SIZE})`)});
      }
      const replies = await Promise.all(sends);
      const ms = performance.now() - t0;
      const stored = replies.reduce((n, r) => n + (r.res && r.res.ok ? r.res.data.stored : 0), 0);
      if (stored !== all.length) throw new Error('bulk ingest stored ' + stored + ' of ' + all.length);
      return ms;
    })()`);
    bulk.push(ms);
  }

  const single = events(traceId, N);
  await world.evaluate(`globalThis.benchEvents = ${JSON.stringify(single)}; true`);
  const oneByOne = await world.evaluate<{
    ms: number;
    stored: number;
    duplicates: number;
    failed: number;
  }>(`(async () => {
    const all = globalThis.benchEvents;
    const t0 = performance.now();
    const replies = await Promise.all(all.map((e) => ${sendMessageExpression('recordEvents', '[e]')}.catch(() => null)));
    const ms = performance.now() - t0;
    let stored = 0, duplicates = 0, failed = 0;
    for (const r of replies) {
      if (r && r.res && r.res.ok) { stored += r.res.data.stored; duplicates += r.res.data.duplicates; } else failed++;
    }
    return { ms, stored, duplicates, failed };
  })()`);
  const ids = new Set(single.map((e) => e.id));
  const inDb = (await readStore<FeedbackEvent>(popup, 'events')).filter((e) => ids.has(e.id)).length;
  if (oneByOne.stored !== N || inDb !== N || oneByOne.failed > 0) {
    throw new Error(
      `one-by-one: ${oneByOne.stored} acknowledged, ${inDb} in IndexedDB, ${oneByOne.failed} failed of ${N}`,
    );
  }
  await world.detach();
  await page.close();
  await popup.close();

  const rate = (ms: number) => Math.round(N / (ms / 1000));
  const rawRate = rate(median(raw));
  return [
    {
      name: `ingest, bulk from a content script (${N / BULK_MESSAGE_SIZE} messages × ${BULK_MESSAGE_SIZE} events, median of ${REPS})`,
      value: rate(median(bulk)),
      unit: 'events/s',
      baseline: {
        name: `raw IndexedDB put of the same ${N} records, one transaction, same store shape`,
        value: rawRate,
      },
      target: { ratio: 0.8, atLeast: true },
    },
    {
      name: `ingest, one message per event (${N} sent at once)`,
      value: rate(oneByOne.ms),
      unit: 'events/s',
      baseline: { name: 'raw IndexedDB put, one transaction', value: rawRate },
      note: `${inDb}/${N} arrived, ${oneByOne.duplicates} twice`,
    },
  ];
}
