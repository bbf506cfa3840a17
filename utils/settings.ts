import { storage } from 'wxt/utils/storage';
import { z } from 'zod/mini';
import { DEFAULT_SETTINGS, siteSettings, THEMES } from './settings-defaults';

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
  /** The user answered the welcome page's question about passive signals (or set them per site in options). */
  passiveSignalsChosen: z.boolean(),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

/** Version 1 (the first development builds): one global passive-signals switch and a list of disabled sites. */
export interface SettingsV1 {
  paused: boolean;
  passiveSignals: boolean;
  disabledSites: string[];
}

export function migrateSettingsV1toV2(old: SettingsV1): SettingsV2 {
  const passiveSignals = old.passiveSignals !== false;
  const sites: Settings['sites'] = { '*': { enabled: true, passiveSignals } };
  for (const id of old.disabledSites ?? []) sites[id] = { enabled: false, passiveSignals };
  const { passiveSignalsChosen: _, ...defaults } = DEFAULT_SETTINGS;
  return { ...defaults, paused: old.paused === true, sites };
}

/** Version 2: per-site settings whose passive signals were on by default, never chosen. */
export type SettingsV2 = Omit<Settings, 'passiveSignalsChosen'>;

/**
 * Version 3: passive signals are off until the user chooses. Version 2 had them on by default and cannot tell a
 * default from a choice, so every site's passive signals go off and the welcome page's question is asked again.
 */
export function migrateSettingsV2toV3(old: SettingsV2): Settings {
  const sites: Settings['sites'] = {};
  for (const [id, site] of Object.entries(old.sites ?? {})) sites[id] = { ...site, passiveSignals: false };
  return { ...DEFAULT_SETTINGS, ...old, sites, passiveSignalsChosen: false };
}

/** The welcome page's answer: passive signals on or off on every site, and the question answered. */
export function choosePassiveSignals(settings: Settings, on: boolean): Settings {
  const sites: Settings['sites'] = { '*': { ...siteSettings(settings, '*'), passiveSignals: on } };
  for (const [id, site] of Object.entries(settings.sites)) if (id !== '*') sites[id] = { ...site, passiveSignals: on };
  return { ...settings, sites, passiveSignalsChosen: true };
}

// Declared apart from the item: WXT's auto-import scanner misreads numeric keys inside an exported declaration.
const SETTINGS_MIGRATIONS = { 2: migrateSettingsV1toV2, 3: migrateSettingsV2toV3 };

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 3,
  migrations: SETTINGS_MIGRATIONS,
});

export async function loadSettings(): Promise<Settings> {
  const parsed = SettingsSchema.safeParse(await settingsItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
