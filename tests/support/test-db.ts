import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { StagebackDB } from '../../storage/db';
import { uuidv7 } from '../../utils/uuidv7';

/**
 * Fresh databases for a test file (fake-indexeddb), each deleted after its test.
 * `fill` runs on the open database before it is returned.
 */
export function useTestDbs(prefix: string, fill?: (db: StagebackDB) => Promise<unknown>) {
  const opened: StagebackDB[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return async (): Promise<StagebackDB> => {
    const db = new StagebackDB(`${prefix}-${uuidv7()}`);
    await db.open();
    opened.push(db);
    await fill?.(db);
    return db;
  };
}
