import type { Settings, SiteSettings } from './settings';

export const THEMES = ['system', 'light', 'dark'] as const;

// Passive signals (opening a source, time on the answer, copying) stay off until the user chooses on the welcome page.
export const DEFAULT_SITE_SETTINGS: SiteSettings = { enabled: true, passiveSignals: false };

export const DEFAULT_SETTINGS: Settings = {
  paused: false,
  sites: {},
  privateWindows: false,
  retentionDays: null,
  theme: 'system',
  passiveSignalsChosen: false,
};

/** Settings for one site: its own entry, else the `*` default, else `DEFAULT_SITE_SETTINGS`. */
export function siteSettings(settings: Settings, siteId: string): SiteSettings {
  return settings.sites[siteId] ?? settings.sites['*'] ?? DEFAULT_SITE_SETTINGS;
}
