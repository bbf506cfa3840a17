import { mountPage } from '../../components/mount-page';
import { Popup } from '../../components/popup/Popup';
import { getDb } from '../../storage/db';
import { type DashboardCounts, readDashboardCounts } from '../../storage/queries/dashboard';

/**
 * Renders the popup once with counts (the first frame's, else read here), instead of an empty first render followed
 * by a query; if the read fails, the popup's live query tries again.
 */
export async function mountPopup(firstCounts: DashboardCounts | undefined): Promise<void> {
  const counts = firstCounts ?? (await readDashboardCounts(getDb()).catch(() => undefined));
  mountPage(<Popup firstCounts={counts} />);
}
