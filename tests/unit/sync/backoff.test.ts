import { describe, expect, it } from 'vitest';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  BACKOFF_FLOOR_MS,
  backoffDelay,
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
} from '../../../utils/sync/backoff';

describe('backoff with full jitter', () => {
  it('stays within [floor, min(cap, base·2^(n−1))] and doubles its ceiling', () => {
    for (let failures = 1; failures <= 30; failures++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
      expect(backoffDelay(failures, () => 0)).toBe(BACKOFF_FLOOR_MS);
      expect(backoffDelay(failures, () => 0.999_999)).toBeLessThanOrEqual(ceiling);
      expect(backoffDelay(failures, () => 0.999_999)).toBeGreaterThan(ceiling * 0.99);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(failures);
        expect(d).toBeGreaterThanOrEqual(BACKOFF_FLOOR_MS);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
    expect(backoffDelay(100, () => 0.999_999)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
  });

  it('spreads delays (jitter) instead of giving every client the same one', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(10)));
    expect(delays.size).toBeGreaterThan(15);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(now + 120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(now);
  });
  it('reads an HTTP date, and never goes back in time', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:04:00 GMT', now)).toBe(now + 240_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(now);
  });
  it('caps what it believes and ignores garbage', () => {
    expect(parseRetryAfter('99999999', now)).toBe(now + RETRY_AFTER_MAX_MS);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
  });
});
