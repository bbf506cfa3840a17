/**
 * Details a sentence states that a reader can check against what the page shows for its cited source: numbers
 * and dates, names, negations. Only reports; the wording of the check is tier 1's.
 */
const NEGATIONS = ['not', 'no', 'never', 'none', 'without', 'cannot'];
const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';

export interface Detail {
  kind: 'number' | 'date' | 'name' | 'negation';
  text: string;
}

export function detailsOf(sentence: string): Detail[] {
  const out: Detail[] = [];
  const seen = new Set<string>();
  const add = (kind: Detail['kind'], text: string) => {
    const key = text.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, text });
  };
  for (const m of sentence.matchAll(new RegExp(`\\b(?:${MONTHS})\\.? \\d{1,2}(?:, \\d{4})?\\b`, 'g')))
    add('date', m[0]);
  for (const m of sentence.matchAll(/\b(?:1[5-9]|20)\d{2}\b/g)) add('date', m[0]);
  for (const m of sentence.matchAll(/\d+(?:[.,]\d+)*\s?%?/g)) {
    const n = m[0].trim();
    if (!seen.has(n.toLowerCase()) && !/^(?:1[5-9]|20)\d{2}$/.test(n)) add('number', n);
  }
  // Names: capitalised words not opening the sentence (and not after a colon or quote).
  for (const m of sentence.matchAll(/(?<=[a-z,;)] )[A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+)*/g)) {
    if (m[0].length > 2) add('name', m[0]);
  }
  for (const w of sentence.toLowerCase().match(/\b[a-z']+\b/g) ?? []) {
    if (NEGATIONS.includes(w) || w.endsWith("n't")) add('negation', w);
  }
  return out;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/** The details of `sentence` that `shown` (a source's title and snippet) does not show. */
export function unshownDetails(sentence: string, shown: string): Detail[] {
  const have = normalise(shown);
  return detailsOf(sentence).filter((d) => {
    const t = normalise(d.text);
    if (d.kind === 'number') return !have.includes(t.replace(/\s/g, '')) && !have.includes(t);
    if (d.kind === 'negation') return !new RegExp(`\\b${t.replace(/'/g, "'?")}\\b`).test(have);
    return !have.includes(t);
  });
}
