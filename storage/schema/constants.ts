/**
 * Plain constants of the data model, free of Zod so the content script can use them
 * without constructing any schema at load time.
 */
export const SCHEMA_VERSION = 1 as const;

/** Bounds that keep one record from a hostile page from filling the store. */
export const LIMITS = {
  shortText: 2_000,
  longText: 200_000,
  items: 500,
} as const;

/** The extension's IndexedDB database (opened through Dexie in `storage/db.ts`). */
export const DB_NAME = 'stageback';
