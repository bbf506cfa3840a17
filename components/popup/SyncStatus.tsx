import { t, tn } from '../../utils/i18n';
import { describeSyncStatus } from '../../utils/sync/status-text';
import { useSyncStatus } from '../use-sync-status';

/**
 * The popup's sync line and the items the collector refused. Loaded lazily by the popup, after the counts, so
 * asking the background for the status never delays the first render.
 */
export default function SyncStatus() {
  const [status] = useSyncStatus();
  return (
    <>
      <p className="sync-status" data-testid="sync-status" role="status">
        {status ? describeSyncStatus(status) : t('popupSyncPlaceholder')}
      </p>
      {status && status.dead.length > 0 && (
        <details className="dead-letters" data-testid="dead-letters">
          <summary>{tn('popupItemsRefused', status.counts.dead)}</summary>
          <ul>
            {status.dead.map((d) => (
              <li key={d.eventId}>
                <span className="what">{d.what ?? t('popupDeletedEvent')}</span> <small>{d.reason}</small>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
