import { describe, expect, it } from 'vitest';
import { latestState } from '../../../storage/exports/latest-state';
import { EVENTS, eventId } from './dataset';

const ids = (n: number[]) => n.map(eventId);
const pick = (n: number[]) => EVENTS.filter((e) => n.map(eventId).includes(e.id));

describe('latest state', () => {
  it('replaces a superseded event by its successor', () => {
    expect(latestState(pick([3, 4, 5])).map((e) => e.id)).toEqual(ids([4, 5]));
  });
  it('resolves a chain A ← B ← C to C', () => {
    expect(latestState(pick([28, 29, 30])).map((e) => e.id)).toEqual(ids([30]));
  });
  it('leaves nothing for a retracted event, and the tombstone is not a state', () => {
    expect(latestState(pick([12, 13]))).toEqual([]);
  });
  it('keeps events nothing supersedes, in their order', () => {
    expect(latestState(pick([1, 2, 9])).map((e) => e.id)).toEqual(ids([1, 2, 9]));
  });
  it('of the whole dataset drops superseded (3, 7, 28, 29), retracted (12) and tombstones (13)', () => {
    const kept = new Set(latestState(EVENTS).map((e) => e.id));
    expect(kept.size).toBe(EVENTS.length - 6);
    for (const n of [3, 7, 12, 13, 28, 29]) expect(kept.has(eventId(n))).toBe(false);
  });
});
