import { useLiveQuery } from 'dexie-react-hooks';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { readDashboardCounts, readRecentFeedback } from '../../storage/queries/dashboard';
import { describeEvent } from '../../utils/describe-event';
import { PauseSwitch } from './PauseSwitch';

export function Popup() {
  const db = getDb();
  const counts = useLiveQuery(() => readDashboardCounts(db), []);
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
      {counts && <StageBars byStage={counts.by.stage} />}
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
        <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
          Options
        </button>
      </footer>
    </main>
  );
}

const STAGE_ORDER = ['decomposition', 'retrieval', 'answer', 'overall'] as const;
const STAGE_NAMES = { decomposition: 'Decomposition', retrieval: 'Sources', answer: 'Answer', overall: 'Overall' };

function StageBars({ byStage }: { byStage: Record<string, number> }) {
  const max = Math.max(1, ...Object.values(byStage));
  return (
    <section aria-labelledby="stages-heading">
      <h2 id="stages-heading">By stage</h2>
      <dl className="bars">
        {STAGE_ORDER.map((stage) => (
          <div key={stage} className="bar">
            <dt>{STAGE_NAMES[stage]}</dt>
            <dd data-testid={`stage-${stage}`}>
              <span className="fill" style={{ width: `${((byStage[stage] ?? 0) / max) * 100}%` }} />
              <span className="n">{byStage[stage] ?? 0}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
