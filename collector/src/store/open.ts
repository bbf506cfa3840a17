import type { CollectorConfig } from '../config';
import { PostgresStore } from './postgres';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

/** PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR; migrated and ready. */
export async function openStore(config: Pick<CollectorConfig, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  const store = config.databaseUrl ? new PostgresStore(config.databaseUrl) : new SqliteStore(config.dataDir);
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}
