import type { StagebackDB } from '../db';
import type { FeedbackEvent, Trace } from '../schema';

/** One trace and its whole history, in createdAt order. */
export interface TraceHistory {
  trace: Trace;
  events: FeedbackEvent[];
}

/** A page of rows as stored: traces or events, in primary-key order. */
export type RowPage = { traces: Trace[]; events?: undefined } | { events: FeedbackEvent[]; traces?: undefined };

/** Where an export reads from: the Dexie store, or (bench) a generator. */
export interface ExportSource {
  /** How many events `histories` will yield in all, for progress. */
  countEvents(): Promise<number>;
  /** Every trace in id order with its history; traces without events come with an empty one. */
  histories(): AsyncIterable<TraceHistory>;
  /**
   * Every trace, then every event, each in primary-key order (id: UUIDv7, so creation time), a page at a time:
   * rows in the order they lie in the store, with no grouping. Optional: a source without it is read by history.
   */
  rows?(): AsyncIterable<RowPage>;
  /** The answer a refined trace refines and the refinement event, for formats that pair them (DPO). */
  refinedFrom?(trace: Trace): Promise<RefinedFrom | undefined>;
}

export interface RefinedFrom {
  original: Trace;
  refinement: Extract<FeedbackEvent, { kind: 'refinement' }> | undefined;
}

export const EVENT_PAGE = 5_000;
/** Traces carry their answer text (up to 200k characters each): read fewer at a time. */
export const TRACE_PAGE = 200;

/**
 * Events in `[traceId+createdAt]` order, a page at a time (keyset pagination). Each page is one
 * `getAll` over `above(lastKey)` (no offset, which would make IndexedDB walk a cursor), and the next
 * page is already requested while the caller formats this one: reading waits on the database about
 * as long as formatting takes, so overlapping them nearly halves an export. Events that share a
 * page's last key may continue past it, so that key is read whole with `equals` instead.
 */
async function* eventPages(db: StagebackDB, pageSize: number): AsyncGenerator<FeedbackEvent[]> {
  const index = '[traceId+createdAt]';
  const fetchAfter = (key: [string, string] | undefined) =>
    key
      ? db.events.where(index).above(key).limit(pageSize).toArray()
      : db.events.orderBy(index).limit(pageSize).toArray();
  let pending = fetchAfter(undefined);
  for (;;) {
    const page = await pending;
    if (page.length === 0) return;
    if (page.length < pageSize) {
      yield page;
      return;
    }
    const last = page[page.length - 1] as FeedbackEvent;
    const lastKey: [string, string] = [last.traceId, last.createdAt];
    pending = fetchAfter(lastKey);
    pending.catch(() => undefined); // a cancelled export may never await it
    const wholeLastKey = db.events.where(index).equals(lastKey).toArray();
    let cut = page.length;
    while (cut > 0 && sameKey(page[cut - 1] as FeedbackEvent, last)) cut--;
    yield [...page.slice(0, cut), ...(await wholeLastKey)];
  }
}

const sameKey = (a: FeedbackEvent, b: FeedbackEvent) => a.traceId === b.traceId && a.createdAt === b.createdAt;

async function* tracePages(db: StagebackDB, pageSize: number): AsyncGenerator<Trace[]> {
  let lastId: string | undefined;
  for (;;) {
    const page =
      lastId === undefined
        ? await db.traces.orderBy(':id').limit(pageSize).toArray()
        : await db.traces.where(':id').above(lastId).limit(pageSize).toArray();
    if (page.length === 0) return;
    yield page;
    lastId = (page[page.length - 1] as Trace).id;
    if (page.length < pageSize) return;
  }
}

/** Pulls one item at a time from an async iterable of pages. */
class PagedCursor<T> {
  private page: T[] = [];
  private index = 0;
  constructor(private readonly pages: AsyncIterator<T[]>) {}

  /** The current item, or undefined at the end. */
  async peek(): Promise<T | undefined> {
    while (this.index >= this.page.length) {
      const next = await this.pages.next();
      if (next.done) return undefined;
      this.page = next.value;
      this.index = 0;
    }
    return this.page[this.index];
  }

  advance(): void {
    this.index++;
  }
}

/** One `getAll` in its own read-only transaction. */
function getAll<T>(idb: IDBDatabase, store: string, range: IDBKeyRange | undefined, count: number): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const request = idb.transaction(store, 'readonly').objectStore(store).getAll(range, count);
    request.onsuccess = () => resolve(request.result as T[]);
    request.onerror = () => reject(request.error);
  });
}

/**
 * One store in primary-key order, `getAll(above(lastKey), pageSize)` a page at a time, with plain IndexedDB
 * (Dexie's layers cost more than the read in this loop). The next page is requested before this one is handed
 * over, so the database reads while the caller formats.
 */
async function* keyOrderPages<T extends { id: string }>(
  db: StagebackDB,
  store: 'traces' | 'events',
  pageSize: number,
): AsyncGenerator<T[]> {
  if (!db.isOpen()) await db.open();
  const idb = db.backendDB();
  let pending = getAll<T>(idb, store, undefined, pageSize);
  for (;;) {
    const page = await pending;
    const last = page[page.length - 1];
    if (last && page.length === pageSize) {
      pending = getAll<T>(idb, store, IDBKeyRange.lowerBound(last.id, true), pageSize);
      pending.catch(() => undefined); // a cancelled export may never await it
    }
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
  }
}

/**
 * A merge join of two keyset-paginated streams sorted by trace id: traces by primary key and events by
 * `[traceId+createdAt]`. Memory holds one page of each plus the history of the trace being yielded; no
 * per-trace query is made. Events whose trace is missing (never stored by the event writer) are skipped.
 */
export function dexieSource(db: StagebackDB, pages = { events: EVENT_PAGE, traces: TRACE_PAGE }): ExportSource {
  return {
    countEvents: () => db.events.count(),
    async refinedFrom(trace) {
      if (!trace.refinedFrom) return undefined;
      const [original, refinement] = await Promise.all([
        db.traces.get(trace.refinedFrom.traceId),
        db.events.get(trace.refinedFrom.refinementId),
      ]);
      if (!original) return undefined;
      return { original, refinement: refinement?.kind === 'refinement' ? refinement : undefined };
    },
    async *rows() {
      for await (const traces of keyOrderPages<Trace>(db, 'traces', pages.traces)) yield { traces };
      for await (const events of keyOrderPages<FeedbackEvent>(db, 'events', pages.events)) yield { events };
    },
    async *histories() {
      const events = new PagedCursor(eventPages(db, pages.events));
      for await (const page of tracePages(db, pages.traces)) {
        for (const trace of page) {
          let event = await events.peek();
          // IndexedDB orders string keys by UTF-16 code units, as JS `<` does.
          while (event && event.traceId < trace.id) {
            events.advance();
            event = await events.peek();
          }
          const history: FeedbackEvent[] = [];
          while (event && event.traceId === trace.id) {
            history.push(event);
            events.advance();
            event = await events.peek();
          }
          yield { trace, events: history };
        }
      }
    },
  };
}
