import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { StagebackDB } from '../../../storage/db';
import { writeSyncToken } from '../../../storage/secrets';
import { SYNC_ALARM, setUpSync } from '../../../utils/background/setup-sync';
import { CONSENT_VERSION, DEFAULT_SYNC_SETTINGS, syncSettingsItem } from '../../../utils/sync/settings';
import { INITIAL_SYNC_STATE, loadSyncState, syncStateItem } from '../../../utils/sync/state';
import { uuidv7 } from '../../../utils/uuidv7';

const opened: StagebackDB[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const ON = {
  ...DEFAULT_SYNC_SETTINGS,
  enabled: true,
  endpoint: 'https://collector.invalid/v1/ingest',
  consent: { version: CONSENT_VERSION, at: new Date().toISOString() },
};
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('setUpSync', () => {
  it('queues nothing while sync is off, pending when on, held in review mode; the alarm follows', async () => {
    const db = new StagebackDB(`setup-${uuidv7()}`);
    opened.push(db);
    const { writerOptions } = setUpSync(db);
    expect(await writerOptions.outboxMode?.()).toBe('off');
    await syncSettingsItem.setValue(ON);
    await settle();
    expect(await writerOptions.outboxMode?.()).toBe('pending');
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toMatchObject({ periodInMinutes: 1 });
    await syncSettingsItem.setValue({ ...ON, reviewBeforeUpload: true });
    await settle();
    expect(await writerOptions.outboxMode?.()).toBe('held');
    await syncSettingsItem.setValue({ ...ON, enabled: false });
    await settle();
    expect(await writerOptions.outboxMode?.()).toBe('off');
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeUndefined();
  });

  it('keeps a rejected token across a worker restart, and clears it when the token changes', async () => {
    await syncSettingsItem.setValue(ON);
    await syncStateItem.setValue({
      ...INITIAL_SYNC_STATE,
      condition: 'token-rejected',
      message: 'token rejected (401)',
    });
    const db = new StagebackDB(`setup-${uuidv7()}`);
    opened.push(db);
    setUpSync(db); // a fresh service worker
    await settle();
    expect((await loadSyncState()).condition).toBe('token-rejected');
    await writeSyncToken(db, 'sbk_new');
    await syncSettingsItem.setValue({ ...ON, tokenSavedAt: new Date().toISOString() });
    await settle();
    // Cleared, and tried again at once (the endpoint does not exist, so it may already be retrying).
    expect(['idle', 'retrying']).toContain((await loadSyncState()).condition);
  });
});
