import { useCallback, useEffect, useState } from 'react';
import { sendMessage } from '../utils/messaging/protocol';
import { syncStateItem } from '../utils/sync/state';
import type { SyncStatus } from '../utils/sync/status';

const REFRESH_MS = 2_000;

/** The background's sync status, refreshed every 2 s and whenever the sender's state changes. */
export function useSyncStatus(): [SyncStatus | null, () => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const refresh = useCallback(() => {
    void sendMessage('getSyncStatus', undefined)
      .then((reply) => reply.ok && setStatus(reply.data))
      .catch(() => {});
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    const unwatch = syncStateItem.watch(refresh);
    return () => {
      clearInterval(timer);
      unwatch();
    };
  }, [refresh]);
  return [status, refresh];
}
