import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  CONSENT_VERSION,
  checkEndpoint,
  DEFAULT_SYNC_SETTINGS,
  loadSyncSettings,
  syncActive,
} from '../../../utils/sync/settings';

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
