import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useLayoutEffect } from 'react';
import { createPortal } from 'react-dom';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { type DashboardCounts, readDashboardCounts, readRecentFeedback } from '../../storage/queries/dashboard';
import { describeEvent } from '../../utils/describe-event';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { useTheme } from '../log/use-theme';
import { CountBars } from './CountBars';
import { fillCounts } from './counts-table';
import { Diagnostics } from './Diagnostics';
import { PauseSwitch } from './PauseSwitch';
import { ReportPageButton } from './ReportPageButton';
import { TeachSite } from './TeachSite';

/** `firstCounts`, read before the first render (see the entrypoint), fill the popup's first frame. */
export function Popup({ firstCounts }: { firstCounts?: DashboardCounts }) {
  useTheme();
  const db = getDb();
  const counts = useLiveQuery(() => readDashboardCounts(db), [], firstCounts);
  const recent = useLiveQuery(() => readRecentFeedback(db, 5), []);

  useLayoutEffect(() => fillCounts(document, counts, 'live'), [counts]);
  const pauseSlot = document.getElementById('pause-slot');

  // The header and the counts table are static markup in entrypoints/popup/index.html (see counts-table.ts).
  return (
    <>
      {pauseSlot ? createPortal(<PauseSwitch />, pauseSlot) : <PauseSwitch />}
      {counts && (
        <>
          <CountBars title="By stage" counts={counts.by.stage} order={STAGES} testId="by-stage" />
          <CountBars title="By site" counts={counts.by.site} testId="by-site" />
          <CountBars title="Top labels" counts={counts.by.label} testId="by-label" limit={5} />
          <CountBars title="By origin" counts={counts.by.origin} testId="by-origin" />
        </>
      )}
      <Suspense fallback={null}>
        <ShadowRates />
      </Suspense>
      <Diagnostics />
      <ReportPageButton />
      <TeachSite />
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Latest feedback</h2>
        {recent?.length === 0 && <p className="empty">Nothing yet. Open an AI answer on a supported site.</p>}
        <ul data-testid="recent">
          {recent?.map(({ event, trace }) => (
            <li key={event.id}>
              <span className="what">{describeEvent(event)}</span>
              {trace && (
                <a href={trace.pageUrl} target="_blank" rel="noreferrer" title={trace.pageUrl}>
                  {shown(trace.query || trace.pageUrl)}
                </a>
              )}
            </li>
          ))}
        </ul>
      </section>
      <Suspense fallback={null}>
        <StudiesGiven />
      </Suspense>
      <footer>
        <a href={browser.runtime.getURL('/log.html')} target="_blank" rel="noreferrer">
          Open the full log
        </a>
        <a href={browser.runtime.getURL('/welcome.html')} target="_blank" rel="noreferrer">
          How it works
        </a>
        <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
          Options
        </button>
        <Suspense fallback={<p className="sync-status">Sync: …</p>}>
          <SyncStatus />
        </Suspense>
      </footer>
    </>
  );
}

const SyncStatus = lazy(() => import('./SyncStatus'));
const StudiesGiven = lazy(() => import('./StudiesGiven'));
const ShadowRates = lazy(() => import('./ShadowRates'));

const STAGES = [
  { key: 'decomposition', name: 'Decomposition' },
  { key: 'retrieval', name: 'Sources' },
  { key: 'answer', name: 'Answer' },
  { key: 'overall', name: 'Overall' },
] as const;
