import type { StagebackDB } from './db';

/**
 * Secrets live in the extension's own IndexedDB: only its pages and its background can open it. A content script's
 * IndexedDB is the site's, and `chrome.storage.local` is readable from content scripts, so neither holds them.
 */
export const SYNC_TOKEN_KEY = 'syncToken';

export async function readSyncToken(db: StagebackDB): Promise<string> {
  return (await db.secrets.get(SYNC_TOKEN_KEY))?.value ?? '';
}

/** Saves the collector token; an empty token removes it. */
export async function writeSyncToken(db: StagebackDB, token: string): Promise<void> {
  if (token === '') await db.secrets.delete(SYNC_TOKEN_KEY);
  else await db.secrets.put({ key: SYNC_TOKEN_KEY, value: token });
}

/** The key of the user's own language model server (shadow tier 2), if it needs one. */
export const MODEL_KEY_KEY = 'shadowModelKey';

export async function readModelKey(db: StagebackDB): Promise<string> {
  return (await db.secrets.get(MODEL_KEY_KEY))?.value ?? '';
}

/** Saves the model server's key; an empty key removes it. */
export async function writeModelKey(db: StagebackDB, key: string): Promise<void> {
  if (key === '') await db.secrets.delete(MODEL_KEY_KEY);
  else await db.secrets.put({ key: MODEL_KEY_KEY, value: key });
}
