import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { type DashboardCounts, readDashboardCounts, readRecentFeedback } from '../../storage/queries/dashboard';
import { describeEvent } from '../../utils/describe-event';
import { useTheme } from '../log/use-theme';
import { CountBars } from './CountBars';
import { Diagnostics } from './Diagnostics';
import { PauseSwitch } from './PauseSwitch';

/** `firstCounts`, read before the first render (see the entrypoint), fill the popup's first frame. */
export function Popup({ firstCounts }: { firstCounts?: DashboardCounts }) {
  useTheme();
  const db = getDb();
  const counts = useLiveQuery(() => readDashboardCounts(db), [], firstCounts);
  const recent = useLiveQuery(() => readRecentFeedback(db, 5), []);

  return (
    <main className="popup">
      <header>
        <h1>Stageback</h1>
        <PauseSwitch />
      </header>
      <table className="counts" aria-label="Feedback so far">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Today</th>
            <th scope="col">7 days</th>
            <th scope="col">All</th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="answers-row">
            <th scope="row">Answers reviewed</th>
            <td>{counts?.answers.today ?? '…'}</td>
            <td>{counts?.answers.week ?? '…'}</td>
            <td data-testid="answers-all">{counts?.answers.all ?? '…'}</td>
          </tr>
          <tr data-testid="events-row">
            <th scope="row">Feedback given</th>
            <td>{counts?.events.today ?? '…'}</td>
            <td>{counts?.events.week ?? '…'}</td>
            <td data-testid="events-all">{counts?.events.all ?? '…'}</td>
          </tr>
        </tbody>
      </table>
      {counts && (
        <>
          <CountBars title="By stage" counts={counts.by.stage} order={STAGES} testId="by-stage" />
          <CountBars title="By site" counts={counts.by.site} testId="by-site" />
          <CountBars title="Top labels" counts={counts.by.label} testId="by-label" limit={5} />
          <CountBars title="By origin" counts={counts.by.origin} testId="by-origin" />
        </>
      )}
      <Diagnostics />
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Latest feedback</h2>
        {recent?.length === 0 && <p className="empty">Nothing yet. Open an AI answer on a supported site.</p>}
        <ul data-testid="recent">
          {recent?.map(({ event, trace }) => (
            <li key={event.id}>
              <span className="what">{describeEvent(event)}</span>
              {trace && (
                <a href={trace.pageUrl} target="_blank" rel="noreferrer" title={trace.pageUrl}>
                  {trace.query || trace.pageUrl}
                </a>
              )}
            </li>
          ))}
        </ul>
      </section>
      <footer>
        <a href={browser.runtime.getURL('/log.html')} target="_blank" rel="noreferrer">
          Open the full log
        </a>
        <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
          Options
        </button>
        <Suspense fallback={<p className="sync-status">Sync: …</p>}>
          <SyncStatus />
        </Suspense>
      </footer>
    </main>
  );
}

const SyncStatus = lazy(() => import('./SyncStatus'));

const STAGES = [
  { key: 'decomposition', name: 'Decomposition' },
  { key: 'retrieval', name: 'Sources' },
  { key: 'answer', name: 'Answer' },
  { key: 'overall', name: 'Overall' },
] as const;
