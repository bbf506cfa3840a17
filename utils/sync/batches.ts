/** One envelope item, already serialised (the sender measures sizes on the JSON it will send). */
export interface SerialisedItem {
  id: string;
  json: string;
}

export const MAX_BATCH_BYTES = 1_000_000;
export const MAX_BATCH_ITEMS = 2_000;

const ENVELOPE_OVERHEAD = '{"batch":[]}'.length;
const encoder = new TextEncoder();

export const byteLength = (text: string) => encoder.encode(text).length;

/**
 * Consecutive batches whose serialised envelope stays within `maxBytes` and `maxItems`. An item bigger than
 * `maxBytes` on its own goes alone (the collector then says whether it is too large).
 */
export function planBatches(
  items: readonly SerialisedItem[],
  maxBytes = MAX_BATCH_BYTES,
  maxItems = MAX_BATCH_ITEMS,
): SerialisedItem[][] {
  const out: SerialisedItem[][] = [];
  let current: SerialisedItem[] = [];
  let size = ENVELOPE_OVERHEAD;
  for (const item of items) {
    const itemBytes = byteLength(item.json) + 1; // and its comma
    if (current.length > 0 && (size + itemBytes > maxBytes || current.length >= maxItems)) {
      out.push(current);
      current = [];
      size = ENVELOPE_OVERHEAD;
    }
    current.push(item);
    size += itemBytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export const envelopeJson = (batch: readonly SerialisedItem[]) => `{"batch":[${batch.map((i) => i.json).join(',')}]}`;
