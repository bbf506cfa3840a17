import { isWhitespaceCode } from './normalise';

/** A string with whitespace removed and letters lower-cased, and where each of its characters came from. */
export interface FoldedText {
  text: string;
  /** origin[i] is the index in the original string of folded character i. */
  origin: Int32Array;
}

/**
 * Folding makes re-rendered text comparable: sites and text maps disagree on spaces
 * ("word ." vs "word."), on whitespace runs and sometimes on case (CSS text-transform).
 */
export function foldText(text: string): FoldedText {
  const origin = new Int32Array(text.length);
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    if (isWhitespaceCode(text.charCodeAt(i))) continue;
    const ch = text[i]!;
    const lower = ch.toLowerCase();
    // Keep positions one for one: a few characters lower-case to two code units (İ → i̇).
    parts.push(lower.length === 1 ? lower : ch);
    origin[length++] = i;
  }
  return { text: parts.join(''), origin: origin.subarray(0, length) };
}

/** Maps a folded span back to the original string: from the first to just past the last folded character. */
export function unfoldSpan(folded: FoldedText, start: number, end: number): { start: number; end: number } {
  return { start: folded.origin[start]!, end: folded.origin[end - 1]! + 1 };
}

/** Folds a string that is only compared, never mapped back. */
export function foldString(text: string): string {
  return foldText(text).text;
}
