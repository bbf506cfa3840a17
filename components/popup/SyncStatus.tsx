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
        {status ? describeSyncStatus(status) : SYNC_STATUS_PLACEHOLDER}
      </p>
      {status && status.dead.length > 0 && (
        <details className="dead-letters" data-testid="dead-letters">
          <summary>
            {status.counts.dead.toLocaleString()} item{status.counts.dead === 1 ? '' : 's'} refused by the collector
          </summary>
          <ul>
            {status.dead.map((d) => (
              <li key={d.eventId}>
                <span className="what">{d.what ?? 'deleted event'}</span> <small>{d.reason}</small>
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

export const SYNC_STATUS_PLACEHOLDER = 'Sync: …';
