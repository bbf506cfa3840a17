import type { Aggregate } from '../db';
import { DB_NAME } from '../schema/constants';
import { ALL_FROM, ALL_TO, countsFromRows, type DashboardCounts, dashboardKeys } from './dashboard';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens the database as it is; never creates or upgrades it (that is Dexie's job, in `storage/db.ts`). */
function openExisting(idb: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = idb.open(name);
    // Only fires when the database does not exist yet: creating it here would make an empty version 1.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error(`could not open ${name}`));
    open.onblocked = () => reject(new Error(`${name} is being upgraded`));
  });
}

/**
 * The dashboard counts read with plain IndexedDB: what the popup's first frame shows before Dexie and React have
 * loaded. Same keys and arithmetic as `readDashboardCounts`. Rejects when there is no database (yet) to read.
 */
export async function readDashboardCountsRaw(
  idb: IDBFactory = indexedDB,
  now = new Date(),
  name = DB_NAME,
): Promise<DashboardCounts> {
  const db = await openExisting(idb, name);
  try {
    const store = db.transaction('aggregates', 'readonly').objectStore('aggregates');
    const many = (keys: string[]) =>
      Promise.all(keys.map((k) => request(store.get(k) as IDBRequest<Aggregate | undefined>)));
    const [answerRows, eventRows, allRows] = await Promise.all([
      many(dashboardKeys('answers', now)),
      many(dashboardKeys('events', now)),
      request(store.getAll(IDBKeyRange.bound(ALL_FROM, ALL_TO, false, true)) as IDBRequest<Aggregate[]>),
    ]);
    return countsFromRows(answerRows, eventRows, allRows);
  } finally {
    // Held open, this connection would block the next schema upgrade.
    db.close();
  }
}
