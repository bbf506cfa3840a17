import { storage } from 'wxt/utils/storage';
import { z } from 'zod';

export const SYNC_CONDITIONS = ['idle', 'retrying', 'token-rejected', 'withdrawn'] as const;

/** What the sender last found out; kept in storage so a restarted service worker and the popup see it. */
export const SyncStateSchema = z.object({
  condition: z.enum(SYNC_CONDITIONS),
  /** Failed rounds in a row (network, 5xx, timeouts); sets the backoff. */
  failures: z.number().int().nonnegative(),
  /** Nothing is sent before this time (ms), unless the user says "Send now". */
  retryAt: z.number().nullable(),
  lastSentAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  message: z.string().nullable(),
  /** Whether the endpoint took `Content-Encoding: gzip` (unknown until the first answer). */
  gzip: z.object({ endpoint: z.string(), accepted: z.boolean() }).nullable(),
});

export type SyncState = z.infer<typeof SyncStateSchema>;

export const INITIAL_SYNC_STATE: SyncState = {
  condition: 'idle',
  failures: 0,
  retryAt: null,
  lastSentAt: null,
  lastAttemptAt: null,
  message: null,
  gzip: null,
};

export const syncStateItem = storage.defineItem<SyncState>('local:syncState', { fallback: INITIAL_SYNC_STATE });

export async function loadSyncState(): Promise<SyncState> {
  const parsed = SyncStateSchema.safeParse(await syncStateItem.getValue());
  return parsed.success ? parsed.data : INITIAL_SYNC_STATE;
}

/** Where the engine keeps its state: the storage item in the extension, memory in tests. */
export interface SyncStateStore {
  get(): Promise<SyncState>;
  set(next: SyncState): Promise<void>;
}

export const storageSyncState: SyncStateStore = {
  get: loadSyncState,
  set: (next) => syncStateItem.setValue(next),
};

export function memorySyncState(initial: SyncState = INITIAL_SYNC_STATE): SyncStateStore & { value: SyncState } {
  const box = {
    value: initial,
    get: async () => box.value,
    set: async (next: SyncState) => {
      box.value = next;
    },
  };
  return box;
}
