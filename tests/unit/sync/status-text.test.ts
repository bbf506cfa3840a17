import { describe, expect, it } from 'vitest';
import { INITIAL_SYNC_STATE } from '../../../utils/sync/state';
import type { SyncStatus } from '../../../utils/sync/status';
import { describeSyncStatus } from '../../../utils/sync/status-text';

const now = Date.parse('2026-11-26T12:00:00Z');
const status = (over: Partial<SyncStatus> = {}, state = {}): SyncStatus => ({
  active: true,
  endpointOrigin: 'https://c.example.org',
  counts: { pending: 0, held: 0, sent: 0, dead: 0, skipped: 0 },
  unqueued: 0,
  state: { ...INITIAL_SYNC_STATE, ...state },
  dead: [],
  ...over,
});

describe('sync status line', () => {
  it('says off, waiting and last sent, token rejected, and when it retries', () => {
    expect(describeSyncStatus(status({ active: false }), now)).toBe('Sync off — everything stays in this browser.');
    expect(
      describeSyncStatus(
        status({ counts: { pending: 3, held: 0, sent: 9, dead: 0, skipped: 0 } }, { lastSentAt: now - 120_000 }),
        now,
      ),
    ).toBe('3 waiting, last sent 2 min ago');
    expect(describeSyncStatus(status({}, { condition: 'token-rejected' }), now)).toMatch(/^Token rejected/);
    const retry = describeSyncStatus(
      status(
        { counts: { pending: 5, held: 2, sent: 0, dead: 1, skipped: 0 } },
        { condition: 'retrying', retryAt: now + 60_000 },
      ),
      now,
    );
    expect(retry).toMatch(
      /^Collector unreachable, retrying at \d{1,2}:\d\d( [AP]M)?, 5 waiting, 2 awaiting your review, nothing sent yet, 1 refused$/,
    );
  });
});
