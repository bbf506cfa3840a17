import { storage } from 'wxt/utils/storage';
import { z } from 'zod';

/** Bump when the model consent screen lists something new: consent given to an older list is asked again. */
export const MODEL_CONSENT_VERSION = 1;

/** Which tiers may propose, and since when the shadow learns (a reset moves it to now; nothing is deleted). */
export const ShadowSettingsSchema = z.object({
  tier1: z.boolean(),
  tier2: z.boolean(),
  tier3: z.boolean(),
  /** Events before this time are left out of what the shadow learns (null: all of them). */
  learnSince: z.iso.datetime().nullable(),
});
export type ShadowSettings = z.infer<typeof ShadowSettingsSchema>;

export const DEFAULT_SHADOW_SETTINGS: ShadowSettings = { tier1: true, tier2: false, tier3: false, learnSince: null };

export const shadowSettingsItem = storage.defineItem<ShadowSettings>('local:shadow', {
  fallback: DEFAULT_SHADOW_SETTINGS,
});

export async function loadShadowSettings(): Promise<ShadowSettings> {
  const parsed = ShadowSettingsSchema.safeParse(await shadowSettingsItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_SHADOW_SETTINGS;
}

/**
 * The user's own language model (tier 2): an OpenAI-compatible chat-completions endpoint. The key is not here
 * (content scripts can read chrome.storage.local): it is in the extension's IndexedDB (`storage/secrets.ts`).
 */
export const ModelSettingsSchema = z.object({
  /** e.g. `http://localhost:11434/v1`; '' until the user names one. */
  baseUrl: z.string().max(2_000),
  model: z.string().max(200),
  /** When the key was last saved or removed (null: never). */
  keySavedAt: z.iso.datetime().nullable(),
  /** How long one request may take before it is given up. */
  timeoutSeconds: z.number().int().min(1).max(600),
  /** Consent is per origin: naming another server asks again. */
  consent: z.object({ origin: z.string().max(2_000), version: z.number().int(), at: z.iso.datetime() }).nullable(),
});
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  baseUrl: '',
  model: '',
  keySavedAt: null,
  timeoutSeconds: 60,
  consent: null,
};

export const modelSettingsItem = storage.defineItem<ModelSettings>('local:shadowModel', {
  fallback: DEFAULT_MODEL_SETTINGS,
});

export async function loadModelSettings(): Promise<ModelSettings> {
  const parsed = ModelSettingsSchema.safeParse(await modelSettingsItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_MODEL_SETTINGS;
}
