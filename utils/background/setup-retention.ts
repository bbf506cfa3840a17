import { browser } from 'wxt/browser';
import type { StagebackDB } from '../../storage/db';
import { deleteEvents, deleteTraces } from '../../storage/delete';
import { loadSettings, settingsItem } from '../settings';

export const RETENTION_ALARM = 'stageback-retention';
const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * Deletes events created more than `retentionDays` ago (in batches, one transaction each, counters kept right),
 * then answers captured before the cutoff that no feedback refers to any more. Returns what went.
 */
export async function applyRetention(
  db: StagebackDB,
  retentionDays: number | null,
  now = new Date(),
): Promise<{ events: number; traces: number }> {
  const removed = { events: 0, traces: 0 };
  if (retentionDays === null) return removed;
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  for (;;) {
    const ids = await db.events.where('createdAt').below(cutoff).limit(BATCH).primaryKeys();
    if (ids.length === 0) break;
    removed.events += (await deleteEvents(db, ids)).events;
  }
  let after = '';
  for (;;) {
    const old = await db.traces.where('capturedAt').between(after, cutoff, false, false).limit(BATCH).toArray();
    if (old.length === 0) break;
    after = old[old.length - 1]?.capturedAt ?? cutoff;
    const unused = old.filter((t) => !t.firstFeedbackAt).map((t) => t.id);
    removed.traces += (await deleteTraces(db, unused)).traces;
    if (old.length < BATCH) break;
  }
  return removed;
}

/** Runs retention once a day (and when the setting changes). Needs the `alarms` permission. */
export function setUpRetention(db: StagebackDB): void {
  const run = async () => {
    try {
      await applyRetention(db, (await loadSettings()).retentionDays);
    } catch (error) {
      console.warn('Stageback retention failed', error);
    }
  };
  void browser.alarms.get(RETENTION_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETENTION_ALARM) void run();
  });
  settingsItem.watch((next, previous) => {
    if (next?.retentionDays !== previous?.retentionDays) void run();
  });
}
