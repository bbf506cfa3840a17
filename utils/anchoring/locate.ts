import type { TextPositionSelector, TextQuoteSelector } from '../../storage/schema/selectors';
import { minErrors, searchApprox } from './approx-match';
import { type FoldedText, foldString, foldText, unfoldSpan } from './fold';

/** What a span label stores: the quote with its context, and where it was. */
export interface SpanSelectors {
  quote: Pick<TextQuoteSelector, 'exact' | 'prefix' | 'suffix'>;
  position?: Pick<TextPositionSelector, 'start' | 'end'>;
}

export interface LocateOptions {
  /** Most edits a fuzzy match of the quote may have; default min(32, quote length / 4). */
  maxErrors?: number;
  /** Fuzzy matches scoring below this are not accepted; default 0.5. */
  minFuzzyScore?: number;
}

export type MatchMethod = 'position' | 'exact' | 'folded' | 'fuzzy';

export interface TextMatch {
  start: number;
  end: number;
  /** 0..1: how well quote, prefix, suffix and position agree (1 = all exactly). */
  score: number;
  method: MatchMethod;
}

const QUOTE_WEIGHT = 50;
const CONTEXT_WEIGHT = 20;
const POSITION_WEIGHT = 2;
/** A candidate this good ends the search; otherwise the next, costlier tier may find a better one. */
const CONFIDENT_SCORE = 0.9;
const DEFAULT_MIN_FUZZY_SCORE = 0.5;
/** Longer quotes are matched fuzzily by their head and tail only, to bound the cost. */
const MAX_FUZZY_PATTERN = 4096;
const HEAD_TAIL_LENGTH = 64;

/**
 * Where a quote is in `text`: at its stored position when the quote is still there; else the
 * occurrence (exact, then ignoring whitespace and case, then within a bounded edit distance) whose
 * context and position agree best with what was stored. Null when nothing is close enough.
 */
export function locateInText(text: string, selectors: SpanSelectors, options: LocateOptions = {}): TextMatch | null {
  const { quote, position } = selectors;
  if (!quote.exact) return null;
  if (position && text.slice(position.start, position.end) === quote.exact) {
    return { start: position.start, end: position.end, score: 1, method: 'position' };
  }

  const scorer = new CandidateScorer(text, selectors);
  let best: TextMatch | null = null;
  const consider = (start: number, end: number, quoteScore: number, method: MatchMethod) => {
    const score = scorer.score(start, end, quoteScore);
    if (!best || score > best.score) best = { start, end, score, method };
  };
  const confident = () => best !== null && best.score >= CONFIDENT_SCORE;

  for (let at = text.indexOf(quote.exact); at !== -1; at = text.indexOf(quote.exact, at + 1)) {
    consider(at, at + quote.exact.length, 1, 'exact');
  }
  if (confident()) return best;

  const folded = scorer.foldedText;
  const foldedQuote = foldString(quote.exact);
  if (!foldedQuote) return best;
  for (let at = folded.text.indexOf(foldedQuote); at !== -1; at = folded.text.indexOf(foldedQuote, at + 1)) {
    const span = unfoldSpan(folded, at, at + foldedQuote.length);
    // Just below an exact match, so an exact occurrence with the same context wins.
    consider(span.start, span.end, 0.99, 'folded');
  }
  if (confident()) return best;

  const maxErrors = options.maxErrors ?? Math.min(32, Math.floor(foldedQuote.length / 4));
  if (maxErrors > 0) {
    for (const match of fuzzyMatches(folded, foldedQuote, maxErrors)) {
      const span = unfoldSpan(folded, match.start, match.end);
      consider(span.start, span.end, Math.max(0, 1 - match.errors / foldedQuote.length), 'fuzzy');
    }
  }
  const found = best as TextMatch | null;
  if (found?.method === 'fuzzy' && found.score < (options.minFuzzyScore ?? DEFAULT_MIN_FUZZY_SCORE)) return null;
  return found;
}

function fuzzyMatches(folded: FoldedText, pattern: string, maxErrors: number) {
  if (pattern.length <= MAX_FUZZY_PATTERN) return searchApprox(folded.text, pattern, maxErrors);
  // A long quote: pair fuzzy matches of its head and tail whose distance fits the quote's length.
  // The middle goes unchecked, so its errors are not counted.
  const edgeErrors = HEAD_TAIL_LENGTH / 4;
  const heads = searchApprox(folded.text, pattern.slice(0, HEAD_TAIL_LENGTH), edgeErrors);
  const tails = searchApprox(folded.text, pattern.slice(-HEAD_TAIL_LENGTH), edgeErrors);
  const pairs: { start: number; end: number; errors: number }[] = [];
  for (const head of heads) {
    for (const tail of tails) {
      const lengthError = Math.abs(tail.end - head.start - pattern.length);
      if (tail.start <= head.start || lengthError > maxErrors) continue;
      pairs.push({ start: head.start, end: tail.end, errors: head.errors + tail.errors + lengthError });
    }
  }
  return pairs;
}

/** Scores candidates the way Hypothesis does: weighted quote, prefix, suffix and position agreement. */
class CandidateScorer {
  readonly foldedText: FoldedText;
  private readonly foldedPrefix: string;
  private readonly foldedSuffix: string;
  private readonly hint: number | null;
  private readonly textLength: number;

  constructor(text: string, selectors: SpanSelectors) {
    this.textLength = text.length;
    this.foldedText = foldText(text);
    this.foldedPrefix = foldString(selectors.quote.prefix);
    this.foldedSuffix = foldString(selectors.quote.suffix);
    this.hint = selectors.position?.start ?? null;
  }

  score(start: number, end: number, quoteScore: number): number {
    let total = QUOTE_WEIGHT * quoteScore;
    let weights = QUOTE_WEIGHT;
    if (this.foldedPrefix) {
      const before = this.foldedBefore(start, this.foldedPrefix.length + 4);
      total += CONTEXT_WEIGHT * similarity(before, this.foldedPrefix);
      weights += CONTEXT_WEIGHT;
    }
    if (this.foldedSuffix) {
      const after = this.foldedAfter(end, this.foldedSuffix.length + 4);
      total += CONTEXT_WEIGHT * similarity(after, this.foldedSuffix);
      weights += CONTEXT_WEIGHT;
    }
    if (this.hint !== null) {
      const distance = Math.abs(start - this.hint) / Math.max(1, this.textLength);
      total += POSITION_WEIGHT * (1 - Math.min(1, distance));
      weights += POSITION_WEIGHT;
    }
    return total / weights;
  }

  /** Up to `length` folded characters just before original offset `start`. */
  private foldedBefore(start: number, length: number): string {
    const end = lowerBound(this.foldedText.origin, start);
    return this.foldedText.text.slice(Math.max(0, end - length), end);
  }

  private foldedAfter(end: number, length: number): string {
    const start = lowerBound(this.foldedText.origin, end);
    return this.foldedText.text.slice(start, start + length);
  }
}

/** 1 when `pattern` occurs in `window`, falling with the edits it needs. */
function similarity(window: string, pattern: string): number {
  return 1 - minErrors(window, pattern) / pattern.length;
}

/** First index whose value is >= target. */
function lowerBound(values: Int32Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
