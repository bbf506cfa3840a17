import type { SyncStatus } from './status';

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function ago(ms: number, now: number): string {
  const minutes = Math.round((now - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** The one-line sync status the popup and the options page show. */
export function describeSyncStatus(status: SyncStatus, now = Date.now()): string {
  if (!status.active) return 'Sync off — everything stays in this browser.';
  const { state, counts } = status;
  if (state.condition === 'token-rejected') return 'Token rejected — check the token in Options.';
  if (state.condition === 'withdrawn') return 'The collector says this participant has withdrawn; nothing is sent.';
  const parts: string[] = [];
  if (state.condition === 'retrying' && state.retryAt !== null) {
    parts.push(`Collector unreachable, retrying at ${time(state.retryAt)}`);
  }
  parts.push(counts.pending === 0 ? 'nothing waiting' : `${counts.pending.toLocaleString()} waiting`);
  if (counts.held > 0) parts.push(`${counts.held.toLocaleString()} awaiting your review`);
  parts.push(state.lastSentAt === null ? 'nothing sent yet' : `last sent ${ago(state.lastSentAt, now)}`);
  if (counts.dead > 0) parts.push(`${counts.dead.toLocaleString()} refused`);
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
