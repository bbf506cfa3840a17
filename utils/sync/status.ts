import type { StagebackDB } from '../../storage/db';
import { countOutbox, countUnqueued, inState, type OutboxCounts } from '../../storage/sync/outbox';
import { describeEvent } from '../describe-event';
import { t } from '../i18n';
import { checkEndpoint, type SyncSettings, syncActive } from './settings';
import type { SyncState } from './state';

export interface DeadItem {
  eventId: string;
  /** What the event was, e.g. "Answer · incorrect"; null when the event is gone. */
  what: string | null;
  reason: string;
}

/** What the popup and the options page show about sync. */
export interface SyncStatus {
  active: boolean;
  endpointOrigin: string | null;
  counts: OutboxCounts;
  /** Events recorded while sync was off, not queued. */
  unqueued: number;
  state: SyncState;
  dead: DeadItem[];
}

export const DEAD_SHOWN = 20;

export async function readSyncStatus(db: StagebackDB, settings: SyncSettings, state: SyncState): Promise<SyncStatus> {
  const endpoint = checkEndpoint(settings.endpoint);
  const [counts, unqueued, deadRows] = await Promise.all([
    countOutbox(db),
    countUnqueued(db),
    inState(db, 'dead').limit(DEAD_SHOWN).toArray(),
  ]);
  const events = await db.events.bulkGet(deadRows.map((r) => r.eventId));
  return {
    active: syncActive(settings),
    endpointOrigin: endpoint.ok ? endpoint.origin : null,
    counts,
    unqueued,
    state,
    dead: deadRows.map((row, i) => {
      const event = events[i];
      return {
        eventId: row.eventId,
        what: event ? describeEvent(event) : null,
        reason: row.lastError ?? t('bgSyncRefusedReason'),
      };
    }),
  };
}
