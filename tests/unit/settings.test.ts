import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  choosePassiveSignals,
  DEFAULT_SETTINGS,
  loadSettings,
  SettingsSchema,
  settingsItem,
  siteSettings,
} from '../../utils/settings';

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
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toEqual({ v: 3 });
  });

  it('starts with passive signals off on every site and the question unasked', () => {
    expect(DEFAULT_SETTINGS.passiveSignalsChosen).toBe(false);
    expect(siteSettings(DEFAULT_SETTINGS, 'perplexity')).toEqual({ enabled: true, passiveSignals: false });
  });

  it('migrates version-2 settings, whose passive signals were on by default, to off and not yet chosen', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        paused: false,
        sites: { '*': { enabled: true, passiveSignals: true }, bing: { enabled: false, passiveSignals: true } },
        privateWindows: true,
        retentionDays: 30,
        theme: 'dark',
      },
      settings$: { v: 2 },
    });
    await settingsItem.migrate();
    const migrated = await loadSettings();
    expect(SettingsSchema.safeParse(migrated).success).toBe(true);
    expect(migrated).toMatchObject({
      privateWindows: true,
      retentionDays: 30,
      theme: 'dark',
      passiveSignalsChosen: false,
    });
    expect(siteSettings(migrated, 'bing')).toEqual({ enabled: false, passiveSignals: false });
    expect(siteSettings(migrated, 'perplexity')).toEqual({ enabled: true, passiveSignals: false });
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toEqual({ v: 3 });
  });

  it("applies the welcome page's choice to every site, keeping which sites are on", () => {
    const before = { ...DEFAULT_SETTINGS, sites: { bing: { enabled: false, passiveSignals: false } } };
    const on = choosePassiveSignals(before, true);
    expect(on.passiveSignalsChosen).toBe(true);
    expect(siteSettings(on, 'bing')).toEqual({ enabled: false, passiveSignals: true });
    expect(siteSettings(on, 'perplexity')).toEqual({ enabled: true, passiveSignals: true });
    const off = choosePassiveSignals(on, false);
    expect(siteSettings(off, 'perplexity')).toEqual({ enabled: true, passiveSignals: false });
    expect(off.passiveSignalsChosen).toBe(true);
  });

  it('falls back to defaults when stored settings are corrupt', async () => {
    await fakeBrowser.storage.local.set({ settings: { paused: 'yes' }, settings$: { v: 3 } });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
