import type { Settings, SiteSettings } from './settings';

export const THEMES = ['system', 'light', 'dark'] as const;

export const DEFAULT_SITE_SETTINGS: SiteSettings = { enabled: true, passiveSignals: true };

export const DEFAULT_SETTINGS: Settings = {
  paused: false,
  sites: {},
  privateWindows: false,
  retentionDays: null,
  theme: 'system',
};

/** Settings for one site: its own entry, else the `*` default, else `DEFAULT_SITE_SETTINGS`. */
export function siteSettings(settings: Settings, siteId: string): SiteSettings {
  return settings.sites[siteId] ?? settings.sites['*'] ?? DEFAULT_SITE_SETTINGS;
}
