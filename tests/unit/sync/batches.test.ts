import { describe, expect, it } from 'vitest';
import { byteLength, envelopeJson, MAX_BATCH_BYTES, planBatches } from '../../../utils/sync/batches';

const item = (i: number, size: number) => ({
  id: `id-${i}`,
  json: JSON.stringify({ id: `id-${i}`, pad: 'é'.repeat(size) }),
});

describe('batch planning', () => {
  it('keeps every serialised envelope under 1 MB (UTF-8 bytes) and loses or reorders nothing', () => {
    const items = Array.from({ length: 3_000 }, (_, i) => item(i, 100 + ((i * 7919) % 1_500)));
    const batches = planBatches(items);
    expect(batches.length).toBeGreaterThan(3);
    for (const batch of batches) {
      const body = envelopeJson(batch);
      expect(byteLength(body)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
      expect(JSON.parse(body).batch).toHaveLength(batch.length);
    }
    // Batches are full: adding the next item would have crossed the limit.
    for (const [i, batch] of batches.slice(0, -1).entries()) {
      const next = batches[i + 1]?.[0];
      if (!next) throw new Error('no next');
      expect(byteLength(envelopeJson([...batch, next]))).toBeGreaterThan(MAX_BATCH_BYTES);
    }
    expect(batches.flat().map((b) => b.id)).toEqual(items.map((b) => b.id));
  });

  it('caps the item count', () => {
    const batches = planBatches(
      Array.from({ length: 2_500 }, (_, i) => item(i, 1)),
      MAX_BATCH_BYTES,
      1_000,
    );
    expect(batches.map((b) => b.length)).toEqual([1_000, 1_000, 500]);
  });

  it('sends an item bigger than the limit on its own', () => {
    const batches = planBatches([item(0, 10), item(1, 2_000), item(2, 10)], 1_000);
    expect(batches.map((b) => b.map((i) => i.id))).toEqual([['id-0'], ['id-1'], ['id-2']]);
  });
});
