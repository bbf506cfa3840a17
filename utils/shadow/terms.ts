/** Words for similarity between the user's questions and for "does the answer cover this aspect?". */
const STOPWORDS = new Set(
  'a an and are as at be by can do does for from how i in is it its me my of on or should the their them there these this to was what when where which who why will with you your vs best top'.split(
    ' ',
  ),
);

/** Lower-cased word stems (a plural `s` dropped), without stop words and one-letter words. */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOPWORDS.has(raw)) continue;
    out.push(raw.length > 3 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
  }
  return out;
}

export function uniqueTerms(text: string): string[] {
  return [...new Set(termsOf(text))];
}

/** The aspect as a key: its terms, sorted (so "side effects" and "Side-effects" are one aspect). */
export function aspectKey(text: string): string {
  return [...new Set(termsOf(text))].sort().join(' ');
}

/** Whether every word of `aspect` occurs in `text`. */
export function covers(text: string, aspect: string): boolean {
  const have = new Set(termsOf(text));
  const need = uniqueTerms(aspect);
  return need.length > 0 && need.every((t) => have.has(t));
}

/** Share of `a`'s words that occur in `b`. */
export function overlap(a: string, b: string): number {
  const need = uniqueTerms(a);
  if (need.length === 0) return 0;
  const have = new Set(termsOf(b));
  return need.filter((t) => have.has(t)).length / need.length;
}
