import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../storage/db';
import { summarizeHealth } from '../../storage/reading-health';
import { ADAPTERS } from '../../utils/adapters/registry';
import { t } from '../../utils/i18n';
import { healthLine } from '../../utils/reading-health/health-line';

const siteName = (siteId: string) =>
  ADAPTERS.find((a) => a.id === siteId)?.name ?? (siteId === 'selection' ? t('optionsSelectedAnswers') : siteId);

/** Per site, how well Stageback read its latest answers: a site that changed its pages shows up here first. */
export function ReadingHealthSection() {
  const rows = useLiveQuery(() => getDb().readingHealth.toArray(), []);
  return (
    <section aria-labelledby="health-heading">
      <h2 id="health-heading">{t('optionsHealthHeading')}</h2>
      <p className="hint">{t('optionsHealthHint')}</p>
      {rows?.length === 0 && <p>{t('optionsHealthEmpty')}</p>}
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
