import { mountPage } from '../../components/mount-page';
import { Popup } from '../../components/popup/Popup';
import { getDb } from '../../storage/db';
import { readDashboardCounts } from '../../storage/queries/dashboard';

// The counts are read first and the popup rendered once with them, instead of an empty first render
// followed by a query; if the read fails, the popup's live query tries again.
void readDashboardCounts(getDb())
  .catch(() => undefined)
  .then((firstCounts) => mountPage(<Popup firstCounts={firstCounts} />));
