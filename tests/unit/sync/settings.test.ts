import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { StagebackDB } from '../../../storage/db';
import { readSyncToken, writeSyncToken } from '../../../storage/secrets';
import {
  CONSENT_VERSION,
  checkEndpoint,
  DEFAULT_SYNC_SETTINGS,
  loadSyncConfig,
  loadSyncSettings,
  migrateSyncSettingsV1toV2,
  SyncSettingsSchema,
  syncActive,
  syncSettingsItem,
} from '../../../utils/sync/settings';
import { uuidv7 } from '../../../utils/uuidv7';

describe('sync endpoint check', () => {
  it('takes HTTPS anywhere and plain HTTP only on loopback', () => {
    expect(checkEndpoint('https://collector.example.org/v1/ingest')).toMatchObject({
      ok: true,
      origin: 'https://collector.example.org',
      permissionPattern: 'https://collector.example.org/*',
    });
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      expect(checkEndpoint(`http://${host}:8787`)).toMatchObject({
        ok: true,
        url: `http://${host}:8787/v1/ingest`,
        permissionPattern: `http://${host}/*`,
      });
    }
    for (const bad of ['http://collector.example.org/v1/ingest', 'http://10.0.0.2/', 'ftp://x/', 'not a url', '']) {
      expect(checkEndpoint(bad).ok).toBe(false);
    }
    expect(checkEndpoint('https://user:pw@example.org/').ok).toBe(false);
    expect(checkEndpoint('https://example.org/in?token=x').ok).toBe(false);
  });

  it('is off by default, and on only with consent to the current text and a valid endpoint', async () => {
    expect(await loadSyncSettings()).toEqual(DEFAULT_SYNC_SETTINGS);
    const on = {
      ...DEFAULT_SYNC_SETTINGS,
      enabled: true,
      endpoint: 'https://c.example.org/',
      consent: { version: CONSENT_VERSION, at: new Date().toISOString() },
    };
    expect(syncActive(on)).toBe(true);
    expect(syncActive({ ...on, consent: { version: CONSENT_VERSION - 1, at: on.consent.at } })).toBe(false);
    expect(syncActive({ ...on, endpoint: 'http://example.org/' })).toBe(false);
    expect(syncActive({ ...on, enabled: false })).toBe(false);
  });

  it('falls back to "off" when the stored value does not parse', async () => {
    await fakeBrowser.storage.local.set({ sync: { enabled: 'yes' } });
    expect(await loadSyncSettings()).toEqual(DEFAULT_SYNC_SETTINGS);
  });
});

describe('sync token storage (finding 10)', () => {
  const v1 = {
    enabled: true,
    endpoint: 'https://c.example.org/v1/ingest',
    token: 'sbk_secret_v1_token',
    participantId: 'p-typed-by-hand',
    studyId: 'study-1',
    reviewBeforeUpload: false,
    consent: { version: CONSENT_VERSION, at: new Date().toISOString() },
  };

  it('moves a version-1 token out of chrome.storage.local into the extension database and drops the participant id', async () => {
    await fakeBrowser.storage.local.set({ sync: v1 });
    await syncSettingsItem.migrate();
    const everything = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(everything).not.toContain(v1.token);
    expect(everything).not.toContain('participantId');
    const settings = await loadSyncSettings();
    expect(SyncSettingsSchema.safeParse(settings).success).toBe(true);
    expect(settings).toMatchObject({ enabled: true, endpoint: v1.endpoint, studyId: 'study-1' });
    expect(settings.tokenSavedAt).not.toBeNull();
    expect((await fakeBrowser.storage.local.get('sync$')).sync$).toEqual({ v: 2 });
    expect(await loadSyncConfig()).toMatchObject({ token: v1.token, studyId: 'study-1' });
  });

  it('a version-1 setting without a token migrates to no token', async () => {
    const db = new StagebackDB(`settings-${uuidv7()}`);
    try {
      const migrated = await migrateSyncSettingsV1toV2({ ...v1, token: '', participantId: '' }, db);
      expect(migrated.tokenSavedAt).toBeNull();
      expect('participantId' in migrated).toBe(false);
      expect(await readSyncToken(db)).toBe('');
      await writeSyncToken(db, 'sbk_x');
      expect(await readSyncToken(db)).toBe('sbk_x');
      await writeSyncToken(db, '');
      expect(await db.secrets.count()).toBe(0);
    } finally {
      db.close();
      await Dexie.delete(db.name);
    }
  });
});
