import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../storage/db';
import { summarizeHealth } from '../../storage/reading-health';
import { ADAPTERS } from '../../utils/adapters/registry';
import { healthLine } from '../../utils/reading-health/health-line';

const siteName = (siteId: string) =>
  ADAPTERS.find((a) => a.id === siteId)?.name ?? (siteId === 'selection' ? 'Answers you selected' : siteId);

/** Per site, how well Stageback read its latest answers: a site that changed its pages shows up here first. */
export function ReadingHealthSection() {
  const rows = useLiveQuery(() => getDb().readingHealth.toArray(), []);
  return (
    <section aria-labelledby="health-heading">
      <h2 id="health-heading">How well answers were read</h2>
      <p className="hint">
        When a site changes its pages, Stageback may miss part of an answer. If a site shows parts missing often, use
        “Report page” on its answers so the reading can be fixed.
      </p>
      {rows?.length === 0 && <p>No answers read yet.</p>}
      <ul data-testid="reading-health">
        {rows
          ?.filter((row) => row.recent.length > 0)
          .map((row) => (
            <li key={row.siteId}>{healthLine(siteName(row.siteId), summarizeHealth(row.recent))}</li>
          ))}
      </ul>
    </section>
  );
}
