import { Suspense } from 'react';
import { mountPage } from '../../components/mount-page';
import { Popup } from '../../components/popup/Popup';
import { getDb } from '../../storage/db';
import { readDashboardCounts } from '../../storage/queries/dashboard';
import '../../components/popup/popup.css';

// Read while React starts rather than after its first render; on failure the live query still runs.
const firstCounts = readDashboardCounts(getDb()).catch(() => undefined);

mountPage(
  <Suspense fallback={null}>
    <Popup firstCounts={firstCounts} />
  </Suspense>,
);
