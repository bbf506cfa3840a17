import type { AdapterReading } from '../../utils/adapters/types';

/** Share of the reference answer's words a drifted reading must keep (wrappers may split or join words' blocks). */
const ANSWER_WORDS_KEPT = 0.9;
/** Share of the reference reading's sources a drifted reading must still list. */
export const SOURCES_KEPT = 0.9;

/**
 * Whether `got` is still the reading `reference` is, as the drift report counts it: the answer (at least 90% of its
 * words, and not much more text), the same query, and at least 90% of the sources.
 */
export function readsAsReference(reference: AdapterReading, got: AdapterReading): boolean {
  return (
    sameAnswer(reference.answer.text, got.answer.text) && sameQuery(reference, got) && keepsSources(reference, got)
  );
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function sameAnswer(reference: string, got: string): boolean {
  const want = words(reference);
  const have = words(got);
  if (want.length === 0) return have.length === 0;
  const counts = new Map<string, number>();
  for (const w of have) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of want) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return common / want.length >= ANSWER_WORDS_KEPT && have.length <= want.length / ANSWER_WORDS_KEPT;
}

function sameQuery(reference: AdapterReading, got: AdapterReading): boolean {
  return reference.query.replace(/\s+/g, ' ').trim() === got.query.replace(/\s+/g, ' ').trim();
}

function keepsSources(reference: AdapterReading, got: AdapterReading): boolean {
  if (reference.sources.length === 0) return true;
  const have = new Set(got.sources.map((s) => s.url));
  const kept = reference.sources.filter((s) => have.has(s.url)).length;
  return kept / reference.sources.length >= SOURCES_KEPT;
}
