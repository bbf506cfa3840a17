import { describe, expect, it } from 'vitest';
import { minErrors, searchApprox } from '../../../utils/anchoring/approx-match';

/** Semi-global Levenshtein by the textbook table: the pattern may start and end anywhere in the text. */
function naiveMinErrors(text: string, pattern: string): number {
  let previous = Array.from({ length: text.length + 1 }, () => 0);
  for (let i = 1; i <= pattern.length; i++) {
    const row = [i];
    for (let j = 1; j <= text.length; j++) {
      const cost = pattern[i - 1] === text[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = row;
  }
  return Math.min(...previous);
}

function globalDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** Deterministic pseudo-random strings over a small alphabet, so near matches are common. */
function randomStrings(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  return (length: number) => Array.from({ length }, () => 'abcd'[(next() >>> 16) % 4]).join('');
}

describe('approximate matching (Myers, blocks of 32)', () => {
  it('agrees with the textbook table for patterns shorter than, equal to and longer than a word', () => {
    const random = randomStrings(7);
    for (const patternLength of [1, 5, 31, 32, 33, 64, 65, 100]) {
      for (let round = 0; round < 6; round++) {
        const text = random(150);
        const pattern = random(patternLength);
        expect(minErrors(text, pattern), `${pattern} in ${text}`).toBe(naiveMinErrors(text, pattern));
      }
    }
  });

  it('finds a planted pattern with edits, reporting true start, end and errors', () => {
    const random = randomStrings(11);
    const pattern = random(80);
    const edited = `${pattern.slice(0, 20)}x${pattern.slice(20, 50)}${pattern.slice(52)}`;
    const text = `${random(300)}${edited}${random(300)}`;
    const [best] = searchApprox(text, pattern, 10);
    expect(best).toBeDefined();
    expect(best!.errors).toBeLessThanOrEqual(3);
    expect(Math.abs(best!.start - 300)).toBeLessThanOrEqual(2);
    expect(globalDistance(text.slice(best!.start, best!.end), pattern)).toBe(best!.errors);
  });

  it('reports nothing beyond the error bound', () => {
    expect(searchApprox('the quick brown fox', 'lazy dog', 2)).toEqual([]);
    expect(searchApprox('the quick brown fox', '', 2)).toEqual([]);
  });
});
