import { t } from '../i18n';
import { listOf } from '../list';
import type { SyncStatus } from './status';

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function ago(ms: number, now: number): string {
  const minutes = Math.round((now - ms) / 60_000);
  if (minutes < 1) return t('bgAgoNow');
  if (minutes < 60) return t('bgAgoMinutes', minutes);
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('bgAgoHours', hours);
  return t('bgAgoDays', Math.round(hours / 24));
}

/** The one-line sync status the popup and the options page show. */
export function describeSyncStatus(status: SyncStatus, now = Date.now()): string {
  if (!status.active) return t('bgSyncOff');
  const { state, counts } = status;
  if (state.condition === 'token-rejected') return t('bgSyncTokenRejected');
  if (state.condition === 'withdrawn') return t('bgSyncWithdrawn');
  const parts: string[] = [];
  if (state.condition === 'retrying' && state.retryAt !== null) {
    parts.push(t('bgSyncRetrying', time(state.retryAt)));
  }
  parts.push(counts.pending === 0 ? t('bgSyncNothingWaiting') : t('bgSyncWaiting', counts.pending.toLocaleString()));
  if (counts.held > 0) parts.push(t('bgSyncHeld', counts.held.toLocaleString()));
  parts.push(state.lastSentAt === null ? t('bgSyncNothingSent') : t('bgSyncLastSent', ago(state.lastSentAt, now)));
  if (counts.dead > 0) parts.push(t('bgSyncRefused', counts.dead.toLocaleString()));
  const text = listOf(parts, 'bgListHead');
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
