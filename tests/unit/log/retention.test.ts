import { describe, expect, it } from 'vitest';
import { rebuildAggregates } from '../../../storage/aggregates';
import { applyRetention } from '../../../utils/background/setup-retention';
import { useTestDbs } from '../../support/test-db';
import { EVENTS, fillDataset, TRACES } from '../exports/dataset';

const filledDb = useTestDbs('retention', fillDataset);

describe('retention', () => {
  it('keeps everything when retention is forever', async () => {
    const db = await filledDb();
    expect(await applyRetention(db, null, new Date('2030-01-01T00:00:00Z'))).toEqual({ events: 0, traces: 0 });
    expect(await db.events.count()).toBe(EVENTS.length);
  });

  it('deletes events older than N days, then answers nothing refers to, keeping counters right', async () => {
    const db = await filledDb();
    // The dataset's events run from 20:00 to 20:22 on 2026-11-26; "now" is one day after 20:10.
    const now = new Date('2026-11-27T20:10:00.000Z');
    const result = await applyRetention(db, 1, now);
    const cutoff = '2026-11-26T20:10:00.000Z';
    const left = EVENTS.filter((e) => e.createdAt >= cutoff);
    expect(result.events).toBe(EVENTS.length - left.length);
    expect((await db.events.toArray()).map((e) => e.id).sort()).toEqual(left.map((e) => e.id).sort());
    const tracesLeft = await db.traces.toArray();
    const withFeedback = new Set(left.map((e) => e.traceId));
    expect(tracesLeft.map((t) => t.id).sort()).toEqual(
      TRACES.filter((t) => withFeedback.has(t.id) || t.capturedAt >= cutoff)
        .map((t) => t.id)
        .sort(),
    );
    const { aggregates } = rebuildAggregates(tracesLeft, await db.events.toArray());
    const stored = await db.aggregates.toArray();
    expect(Object.fromEntries(stored.map((a) => [a.key, a.count]))).toEqual(
      Object.fromEntries(aggregates.map((a) => [a.key, a.count])),
    );
  });
});
