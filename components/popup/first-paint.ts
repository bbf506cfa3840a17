import { readDashboardCountsRaw } from '../../storage/queries/dashboard-raw';
import { applyTheme } from '../apply-theme';
import { fillCounts } from './counts-table';

/**
 * The popup's first frame, before React and Dexie have loaded (a few kB, no framework): the theme and the
 * counts table's numbers. Anything that fails here is left to the React popup, which reads everything again.
 */
export async function paintFirstFrame(doc: Document, idb: IDBFactory, storage?: chrome.storage.StorageArea) {
  const theme = storage
    ?.get('settings')
    .then((s) => applyTheme(doc, (s.settings as { theme?: 'system' | 'light' | 'dark' } | undefined)?.theme))
    .catch(() => undefined);
  const counts = await readDashboardCountsRaw(idb).catch(() => undefined);
  if (counts) fillCounts(doc, counts, 'first');
  await theme;
}
