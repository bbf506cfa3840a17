import { describe, expect, it } from 'vitest';
import { UUID_V7_PATTERN, uuidv7 } from '../../utils/uuidv7';

describe('uuidv7', () => {
  it('has version 7 and the RFC variant', () => {
    for (let i = 0; i < 100; i++) expect(uuidv7()).toMatch(UUID_V7_PATTERN);
  });

  it('encodes the millisecond timestamp so ids sort by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a < b).toBe(true);
    expect(Number.parseInt(a.replaceAll('-', '').slice(0, 12), 16)).toBe(1_700_000_000_000);
  });

  it('is unique across many calls in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidv7(42)));
    expect(ids.size).toBe(10_000);
  });
});
