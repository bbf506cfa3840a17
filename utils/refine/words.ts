/**
 * Words as a search engine counts them. Scripts written without spaces (Chinese, Japanese, Thai) are split with
 * `Intl.Segmenter`, so a 40-character Japanese query is not one word; operators and quoted phrases are tokens
 * of their own.
 */
const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;

export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    if (!segmenter || /^-?[a-z]+:/i.test(token)) {
      count += 1;
      continue;
    }
    let inToken = 0;
    for (const part of segmenter.segment(token)) if (part.isWordLike) inToken += 1;
    count += Math.max(inToken, 1);
  }
  return count;
}

/** Lower-cased word tokens of `text`, for "is this word already in the query". */
export function wordsOf(text: string): string[] {
  if (!segmenter)
    return text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const out: string[] = [];
  for (const part of segmenter.segment(text.toLowerCase())) if (part.isWordLike) out.push(part.segment);
  return out;
}
