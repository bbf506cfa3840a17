import type { DashboardCounts } from '../../storage/queries/dashboard';
import { readDashboardCountsRaw } from '../../storage/queries/dashboard-raw';
import { applyTheme, rememberedTheme } from '../apply-theme';
import { fillCounts, translateStatic } from './counts-table';

/**
 * The popup's first frame, before React and Dexie have loaded (a few kB, no framework): the theme, the static
 * markup's words in the user's language and the counts table's numbers, which it hands on to the React popup. Anything that fails here is left to the React
 * popup, which then reads the counts itself.
 *
 * The theme comes from the copy extension pages keep in localStorage (synchronous): the first call to
 * `chrome.storage` in a page costs more than the whole first frame.
 */
export async function paintFirstFrame(
  doc: Document,
  idb: IDBFactory,
  local?: Storage,
): Promise<DashboardCounts | undefined> {
  // Opening the database is asked for first; loading localStorage (a synchronous round trip) overlaps with it.
  const reading = readDashboardCountsRaw(idb).catch(() => undefined);
  applyTheme(doc, rememberedTheme(local));
  translateStatic(doc);
  const counts = await reading;
  if (counts) fillCounts(doc, counts, 'first');
  return counts;
}
