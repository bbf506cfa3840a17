import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, loadSettings, SettingsSchema, settingsItem, siteSettings } from '../../utils/settings';

describe('settings', () => {
  it('defaults to recording, private windows off, keep forever', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.privateWindows).toBe(false);
  });

  it('migrates version-1 settings to per-site settings', async () => {
    await fakeBrowser.storage.local.set({
      settings: { paused: true, passiveSignals: false, disabledSites: ['bing'] },
      settings$: { v: 1 },
    });
    await settingsItem.migrate();
    const migrated = await loadSettings();
    expect(SettingsSchema.safeParse(migrated).success).toBe(true);
    expect(migrated.paused).toBe(true);
    expect(siteSettings(migrated, 'bing')).toEqual({ enabled: false, passiveSignals: false });
    expect(siteSettings(migrated, 'perplexity')).toEqual({ enabled: true, passiveSignals: false });
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toEqual({ v: 2 });
  });

  it('falls back to defaults when stored settings are corrupt', async () => {
    await fakeBrowser.storage.local.set({ settings: { paused: 'yes' }, settings$: { v: 2 } });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
