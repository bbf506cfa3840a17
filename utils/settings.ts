import { storage } from 'wxt/utils/storage';
import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;

export const SiteSettingsSchema = z.object({ enabled: z.boolean(), passiveSignals: z.boolean() });

export const SettingsSchema = z.object({
  /** Stop recording everywhere, without losing anything already stored. */
  paused: z.boolean(),
  /** Per adapter id; `*` is the default for sites not listed, then `DEFAULT_SITE_SETTINGS`. */
  sites: z.record(z.string(), SiteSettingsSchema),
  privateWindows: z.boolean(),
  retentionDays: z.number().int().positive().nullable(),
  theme: z.enum(THEMES),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

export const DEFAULT_SITE_SETTINGS: SiteSettings = { enabled: true, passiveSignals: true };

export const DEFAULT_SETTINGS: Settings = {
  paused: false,
  sites: {},
  privateWindows: false,
  retentionDays: null,
  theme: 'system',
};

/** Version 1 (the first development builds): one global passive-signals switch and a list of disabled sites. */
export interface SettingsV1 {
  paused: boolean;
  passiveSignals: boolean;
  disabledSites: string[];
}

export function migrateSettingsV1toV2(old: SettingsV1): Settings {
  const passiveSignals = old.passiveSignals !== false;
  const sites: Settings['sites'] = { '*': { enabled: true, passiveSignals } };
  for (const id of old.disabledSites ?? []) sites[id] = { enabled: false, passiveSignals };
  return { ...DEFAULT_SETTINGS, paused: old.paused === true, sites };
}

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: { 2: migrateSettingsV1toV2 },
});

/** Settings for one site; a stored value that no longer parses falls back to defaults. */
export function siteSettings(settings: Settings, siteId: string): SiteSettings {
  return settings.sites[siteId] ?? settings.sites['*'] ?? DEFAULT_SITE_SETTINGS;
}

export async function loadSettings(): Promise<Settings> {
  const parsed = SettingsSchema.safeParse(await settingsItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
