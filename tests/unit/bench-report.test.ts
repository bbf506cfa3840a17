import { describe, expect, it } from 'vitest';
import { median, ratioInterval } from '../../bench/report';

/** `n` loads around `center`, spread evenly ±`spread` (deterministic). */
const loads = (center: number, spread: number, n = 6) =>
  Array.from({ length: n }, (_, i) => center + spread * (2 * (i / (n - 1)) - 1));

describe('the bench ratio interval over rounds of loads', () => {
  it('is a single point when every load of one side is the other times 1.10', () => {
    const base = [loads(100, 5), loads(120, 5), loads(90, 5)];
    const ext = base.map((round) => round.map((x) => x * 1.1));
    const [low, high] = ratioInterval(base, ext);
    expect(low).toBeCloseTo(1.1, 1);
    expect(high).toBeCloseTo(1.1, 1);
  });

  it('holds the ratio of the pooled medians', () => {
    const base = [loads(100, 8), loads(104, 8), loads(98, 8), loads(101, 8)];
    const ext = [loads(106, 8), loads(108, 8), loads(103, 8), loads(107, 8)];
    const ratio = median(ext.flat()) / median(base.flat());
    const [low, high] = ratioInterval(base, ext);
    expect(low).toBeLessThan(ratio);
    expect(high).toBeGreaterThan(ratio);
  });

  it('widens when one launch of a browser runs slow, which resampling the loads alone would hide', () => {
    const base = [loads(100, 2), loads(100, 2), loads(100, 2), loads(100, 2)];
    const ext = [loads(102, 2), loads(102, 2), loads(102, 2), loads(110, 2)];
    const [low, high] = ratioInterval(base, ext);
    const [pooledLow, pooledHigh] = ratioInterval([base.flat()], [ext.flat()]);
    expect(high - low).toBeGreaterThan(2 * (pooledHigh - pooledLow));
    expect(high).toBeGreaterThan(1.05);
  });
});
