import { storage } from 'wxt/utils/storage';
import { z } from 'zod/mini';
import { DEFAULT_SETTINGS, THEMES } from './settings-defaults';

// Defaults and lookups live apart so content scripts use them without loading storage or Zod.
export { DEFAULT_SETTINGS, DEFAULT_SITE_SETTINGS, siteSettings, THEMES } from './settings-defaults';

// zod/mini: the popup reads settings on open, and a small schema keeps its startup short.
export const SiteSettingsSchema = z.object({ enabled: z.boolean(), passiveSignals: z.boolean() });

export const SettingsSchema = z.object({
  /** Stop recording everywhere, without losing anything already stored. */
  paused: z.boolean(),
  /** Per adapter id; `*` is the default for sites not listed, then `DEFAULT_SITE_SETTINGS`. */
  sites: z.record(z.string(), SiteSettingsSchema),
  privateWindows: z.boolean(),
  retentionDays: z.nullable(z.int().check(z.positive())),
  theme: z.enum(THEMES),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

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

export async function loadSettings(): Promise<Settings> {
  const parsed = SettingsSchema.safeParse(await settingsItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
