import { browser } from 'wxt/browser';
import type { StagebackDB } from '../../storage/db';
import type { EventWriterOptions, OutboxMode } from '../../storage/event-writer';
import { loadRedactionRules } from '../../storage/queries/redaction-rules';
import { queueUnqueued } from '../../storage/sync/outbox';
import { refreshReceipts } from '../study/refresh-receipts';
import { createSyncEngine, type RunReport } from '../sync/engine';
import { loadSyncConfig, type SyncConfig, type SyncSettings, syncActive, syncSettingsItem } from '../sync/settings';
import { loadSyncState, storageSyncState, syncStateItem } from '../sync/state';
import { readSyncStatus } from '../sync/status';
import type { SyncControl } from './dispatch';

export const SYNC_ALARM = 'stageback-sync';
export const SYNC_RETRY_ALARM = 'stageback-sync-retry';
/** New events wait this long for company, so a burst of clicks goes in one request. */
const NUDGE_DELAY_MS = 2_000;

export function outboxModeFor(settings: SyncSettings): OutboxMode {
  if (!syncActive(settings)) return 'off';
  return settings.reviewBeforeUpload ? 'held' : 'pending';
}

/**
 * Sync in the background: a periodic alarm (it survives service-worker restarts), a retry alarm at the time
 * the last failure set, and a nudge when events are queued. Returns what the event writer and the message
 * dispatcher need.
 */
export function setUpSync(db: StagebackDB): { writerOptions: EventWriterOptions; control: SyncControl } {
  let settings: Promise<SyncConfig> = loadSyncConfig(db);
  const engine = createSyncEngine({ db, settings: () => settings, rules: loadRedactionRules, state: storageSyncState });
  let timer: ReturnType<typeof setTimeout> | undefined;

  const afterRun = async (report: RunReport) => {
    // A study participant sees what the collector counted: asked after each run that delivered something.
    if (report.sent > 0) void refreshReceipts(db).catch(() => {});
    if (report.stopped !== 'retrying') return;
    const { retryAt } = await loadSyncState();
    if (retryAt === null) return;
    await browser.alarms.create(SYNC_RETRY_ALARM, { when: retryAt });
    // Alarms fire 30 s at the earliest; a sooner retry is worth a timer while the worker is awake.
    if (retryAt - Date.now() < 30_000) nudge(Math.max(0, retryAt - Date.now()) + 50);
  };
  const run = async (force: boolean): Promise<RunReport> => {
    const report = await engine.run({ force });
    void afterRun(report).catch(() => {});
    return report;
  };
  let dueAt = Number.POSITIVE_INFINITY;
  // A later nudge never postpones an earlier one: a steady trickle of events must not keep pushing the send away.
  const nudge = (delay = NUDGE_DELAY_MS) => {
    const at = Date.now() + delay;
    if (timer !== undefined && dueAt <= at) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      dueAt = Number.POSITIVE_INFINITY;
      void run(false).catch((error: unknown) => console.warn('Stageback sync failed', error));
    }, delay);
  };

  /** `previous` is null when the worker starts: then nothing changed, the sender just resumes. */
  const applySettings = async (next: SyncConfig, previous: SyncConfig | null) => {
    if (!syncActive(next)) {
      await browser.alarms.clear(SYNC_ALARM);
      await browser.alarms.clear(SYNC_RETRY_ALARM);
      return;
    }
    if (!(await browser.alarms.get(SYNC_ALARM))) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
    const changed =
      previous !== null &&
      (!syncActive(previous) ||
        previous.endpoint !== next.endpoint ||
        previous.token !== next.token ||
        previous.tokenSavedAt !== next.tokenSavedAt);
    if (changed) {
      // New endpoint or credentials: what the old ones earned (a rejected token, a backoff) no longer holds.
      const state = await loadSyncState();
      await syncStateItem.setValue({ ...state, condition: 'idle', failures: 0, retryAt: null, message: null });
    }
    nudge(changed || previous === null ? 0 : NUDGE_DELAY_MS);
  };

  void settings.then((s) => applySettings(s, null));
  syncSettingsItem.watch(async () => {
    const previous = await settings;
    settings = loadSyncConfig(db);
    await applySettings(await settings, previous);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM || alarm.name === SYNC_RETRY_ALARM) nudge(0);
  });

  return {
    writerOptions: {
      outboxMode: async () => outboxModeFor(await settings),
      onQueued: () => nudge(),
    },
    control: {
      run,
      nudge: () => nudge(),
      status: async () => readSyncStatus(db, await settings, await loadSyncState()),
      queueExisting: async () => queueUnqueued(db, (await settings).reviewBeforeUpload ? 'held' : 'pending'),
    },
  };
}
