import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { getDb, type StagebackDB } from '../../storage/db';
import { readSyncToken, writeSyncToken } from '../../storage/secrets';
import { t } from '../i18n';

import { CONSENT_VERSION } from './consent';

export { CONSENT_VERSION };

/** What the collector takes in `X-Stageback-Study`. */
export const HEADER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const SyncSettingsSchema = z.object({
  enabled: z.boolean(),
  /** The URL batches are POSTed to; '' until the user names one. */
  endpoint: z.string().max(2_000),
  /**
   * When the bearer token was last saved or removed (null: never). The token itself is in the extension's
   * IndexedDB (`storage/secrets.ts`), not here: content scripts can read chrome.storage.local.
   */
  tokenSavedAt: z.iso.datetime().nullable(),
  studyId: z.string().max(128),
  /** New outbox items wait (`held`) until the user approves them in the log. */
  reviewBeforeUpload: z.boolean(),
  consent: z.object({ version: z.number().int(), at: z.iso.datetime() }).nullable(),
});

export type SyncSettings = z.infer<typeof SyncSettingsSchema>;

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  enabled: false,
  endpoint: '',
  tokenSavedAt: null,
  studyId: '',
  reviewBeforeUpload: false,
  consent: null,
};

/** Version 1 kept the token (readable by content scripts) and a participant id the user typed. */
export type SyncSettingsV1 = Omit<SyncSettings, 'tokenSavedAt'> & { token?: string; participantId?: string };

/**
 * v2: the token moves to the extension's IndexedDB and leaves chrome.storage.local; the participant id is dropped
 * (the collector takes the participant from the token).
 */
export async function migrateSyncSettingsV1toV2(old: SyncSettingsV1, db: StagebackDB = getDb()): Promise<SyncSettings> {
  const { token, participantId: _dropped, ...rest } = old;
  const hasToken = typeof token === 'string' && token !== '';
  if (hasToken) await writeSyncToken(db, token);
  return { ...rest, tokenSavedAt: hasToken ? new Date().toISOString() : null };
}

export const syncSettingsItem = storage.defineItem<SyncSettings>('local:sync', {
  fallback: DEFAULT_SYNC_SETTINGS,
  version: 2,
  migrations: { 2: (old: SyncSettingsV1) => migrateSyncSettingsV1toV2(old) },
});

export async function loadSyncSettings(): Promise<SyncSettings> {
  const parsed = SyncSettingsSchema.safeParse(await syncSettingsItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_SYNC_SETTINGS;
}

/** What the sender needs: the settings and the token (read from the extension's IndexedDB). */
export type SyncConfig = SyncSettings & { token: string };

export async function loadSyncConfig(db: StagebackDB = getDb()): Promise<SyncConfig> {
  const [settings, token] = await Promise.all([loadSyncSettings(), readSyncToken(db)]);
  return { ...settings, token };
}

/** Sync runs only with consent to the current text and a valid endpoint. */
export function syncActive(s: SyncSettings): boolean {
  return s.enabled && s.consent?.version === CONSENT_VERSION && checkEndpoint(s.endpoint).ok;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type EndpointCheck =
  | { ok: true; url: string; origin: string; permissionPattern: string }
  | { ok: false; reason: string };

/**
 * HTTPS, or plain HTTP to this machine only. A URL with no path gets the reference collector's `/v1/ingest`.
 * `permissionPattern` is the host permission to request (match patterns ignore the port).
 */
export function checkEndpoint(input: string): EndpointCheck {
  const text = input.trim();
  if (text === '') return { ok: false, reason: t('bgEndpointEmpty') };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: t('bgEndpointNotUrl') };
  }
  if (url.username || url.password) return { ok: false, reason: t('bgEndpointCredentials') };
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { ok: false, reason: t('bgEndpointInsecure') };
  }
  if (url.search || url.hash) return { ok: false, reason: t('bgEndpointQuery') };
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/ingest';
  return {
    ok: true,
    url: url.toString(),
    origin: url.origin,
    permissionPattern: `${url.protocol}//${url.hostname}/*`,
  };
}
