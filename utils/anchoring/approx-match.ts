/**
 * Approximate substring search: Myers' bit-parallel edit-distance algorithm (J. ACM 1999) in its
 * block form, so patterns of any length work, 32 pattern characters per machine word. Cost is
 * O(text length × pattern length / 32) per scan, without Ukkonen's cut-off.
 */

export interface ApproxMatch {
  start: number;
  end: number;
  /** Levenshtein edits between the pattern and text[start, end). */
  errors: number;
}

const WORD = 32;

/** Calls `onEnd(end, errors)` for every end position where some substring ending there is within maxErrors edits. */
function scanEnds(text: string, pattern: string, maxErrors: number, onEnd: (end: number, errors: number) => void) {
  const m = pattern.length;
  const blocks = Math.ceil(m / WORD);
  const charMasks = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    const code = pattern.charCodeAt(i);
    let masks = charMasks.get(code);
    if (!masks) {
      masks = new Int32Array(blocks);
      charMasks.set(code, masks);
    }
    masks[i >> 5]! |= 1 << (i & 31);
  }
  const noMatch = new Int32Array(blocks);
  const plusVertical = new Int32Array(blocks).fill(-1);
  const minusVertical = new Int32Array(blocks);
  const lastRowBit = new Int32Array(blocks).fill(1 << 31);
  lastRowBit[blocks - 1] = 1 << ((m - 1) % WORD);

  let score = m;
  for (let j = 0; j < text.length; j++) {
    const eqs = charMasks.get(text.charCodeAt(j)) ?? noMatch;
    // The top row is all zeros (a match may start anywhere), so nothing carries into the first block.
    let carry = 0;
    for (let b = 0; b < blocks; b++) {
      const pv = plusVertical[b]!;
      const mv = minusVertical[b]!;
      const eq = eqs[b]! | (carry < 0 ? 1 : 0);
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      const bit = lastRowBit[b]!;
      const carryOut = ph & bit ? 1 : mh & bit ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (carry < 0) mh |= 1;
      else if (carry > 0) ph |= 1;
      plusVertical[b] = mh | ~(xv | ph);
      minusVertical[b] = ph & xv;
      carry = carryOut;
    }
    score += carry;
    if (score <= maxErrors) onEnd(j + 1, score);
  }
}

/** Fewest edits that turn `pattern` into some substring of `text` (pattern.length when text is empty). */
export function minErrors(text: string, pattern: string): number {
  if (pattern.length === 0) return 0;
  let best = pattern.length;
  scanEnds(text, pattern, pattern.length, (_, errors) => {
    if (errors < best) best = errors;
  });
  return best;
}

function reverse(s: string): string {
  return s.split('').reverse().join('');
}

/**
 * Substrings of `text` within maxErrors edits of `pattern`: for each run of adjacent end positions the
 * best one, its start found by searching the reversed pattern backwards from there. Best first, at most `limit`.
 */
export function searchApprox(text: string, pattern: string, maxErrors: number, limit = 50): ApproxMatch[] {
  if (pattern.length === 0) return [];
  const ends: { end: number; errors: number }[] = [];
  let lastEnd = -2;
  scanEnds(text, pattern, maxErrors, (end, errors) => {
    const previous = ends[ends.length - 1];
    if (previous && lastEnd === end - 1) {
      if (errors < previous.errors) {
        previous.end = end;
        previous.errors = errors;
      }
    } else {
      ends.push({ end, errors });
    }
    lastEnd = end;
  });
  ends.sort((a, b) => a.errors - b.errors || a.end - b.end);

  const reversedPattern = reverse(pattern);
  const matches: ApproxMatch[] = [];
  for (const { end, errors } of ends.slice(0, limit)) {
    const windowStart = Math.max(0, end - pattern.length - maxErrors);
    const reversedWindow = reverse(text.slice(windowStart, end));
    let bestLength = -1;
    let bestErrors = Number.POSITIVE_INFINITY;
    scanEnds(reversedWindow, reversedPattern, errors, (length, e) => {
      if (e < bestErrors) {
        bestErrors = e;
        bestLength = length;
      }
    });
    if (bestLength > 0) matches.push({ start: end - bestLength, end, errors: bestErrors });
  }
  return matches;
}
