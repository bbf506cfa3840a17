import type { FeedbackEvent, Trace, TraceDraft } from '../../storage/schema';
import { tryCanonicalizeUrl } from '../url/canonicalize';
import { collectRefineFeedback } from './collect';
import { wordsOf } from './words';

type Answerish = Pick<TraceDraft, 'answer' | 'sources'>;

export interface AspectCoverage {
  text: string;
  /** Where the refined answer covers it: the sentence, or the title of a source; null when it does not. */
  where: { kind: 'sentence' | 'source'; text: string } | null;
}

export interface Comparison {
  gained: { url: string; title: string }[];
  lost: { url: string; title: string }[];
  /** Domains the user flagged on the original answer that the refined one still cites. */
  stillCited: string[];
  aspects: AspectCoverage[];
  added: string[];
  removed: string[];
  /** Sentences found in both answers (after alignment). */
  kept: number;
}

/** Words too common to say whether an aspect is covered. */
const STOP = new Set(
  'a an and are as at be by for from how in is it of on or the to what when where which who why with do does'.split(
    ' ',
  ),
);
const SIMILAR = 0.6;

/**
 * What changed between an answer and its refinement: sources by canonical URL, flagged domains still cited,
 * each needed aspect covered (in a sentence, or in a cited source's title) or not, and sentences aligned by
 * their words (a sentence reworded but mostly the same is kept, not removed and added).
 */
export function compareAnswers(
  original: Answerish & Pick<Trace, 'sources'>,
  feedback: readonly FeedbackEvent[],
  refined: Answerish,
): Comparison {
  const before = sourceMap(original.sources);
  const after = sourceMap(refined.sources);
  const gained = [...after].filter(([url]) => !before.has(url)).map(([url, title]) => ({ url, title }));
  const lost = [...before].filter(([url]) => !after.has(url)).map(([url, title]) => ({ url, title }));

  const asked = collectRefineFeedback(original, feedback);
  const refinedDomains = refined.sources.map((s) => s.domain);
  const stillCited = asked.excluded
    .map((e) => e.domain)
    .filter((d) => refinedDomains.some((rd) => rd === d || rd.endsWith(`.${d}`)));

  const refinedSentences = sentencesOf(refined);
  const refinedWords = refinedSentences.map((s) => new Set(wordsOf(s)));
  const aspects = [...asked.aspects.map((a) => a.text), ...asked.rewrites.map((r) => r.after)].map((text) => {
    const need = wordsOf(text).filter((w) => !STOP.has(w));
    const has = (set: Set<string>) => need.length > 0 && need.every((w) => set.has(w));
    const i = refinedWords.findIndex(has);
    if (i >= 0) return { text, where: { kind: 'sentence' as const, text: refinedSentences[i] ?? '' } };
    const source = refined.sources.find((s) => has(new Set(wordsOf(s.title))));
    return { text, where: source ? { kind: 'source' as const, text: source.title } : null };
  });

  const { added, removed, kept } = alignSentences(sentencesOf(original), refinedSentences);
  return { gained, lost, stillCited, aspects, added, removed, kept };
}

/**
 * Pairs each sentence of `a` with its most similar unpaired sentence of `b` (word-set Jaccard ≥ 0.6, best pairs
 * first); the unpaired ones are removed (from `a`) and added (in `b`), in answer order.
 */
export function alignSentences(a: readonly string[], b: readonly string[]) {
  const wa = a.map((s) => new Set(wordsOf(s)));
  const wb = b.map((s) => new Set(wordsOf(s)));
  const pairs: { i: number; j: number; score: number }[] = [];
  for (const [i, x] of wa.entries()) {
    for (const [j, y] of wb.entries()) {
      const score = jaccard(x, y);
      if (score >= SIMILAR) pairs.push({ i, j, score });
    }
  }
  pairs.sort((p, q) => q.score - p.score || p.i - q.i);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  for (const { i, j } of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
  }
  return {
    removed: a.filter((_, i) => !usedA.has(i)),
    added: b.filter((_, j) => !usedB.has(j)),
    kept: usedA.size,
  };
}

function jaccard(x: Set<string>, y: Set<string>): number {
  if (x.size === 0 && y.size === 0) return 1;
  let both = 0;
  const [small, large] = x.size < y.size ? [x, y] : [y, x];
  for (const w of small) if (large.has(w)) both += 1;
  return both / (x.size + y.size - both);
}

function sentencesOf({ answer }: Answerish): string[] {
  const cut = answer.sentences.map((s) => answer.text.slice(s.start, s.end).trim()).filter(Boolean);
  return cut.length > 0 ? cut : answer.text.trim() ? [answer.text.trim()] : [];
}

function sourceMap(sources: Answerish['sources']): Map<string, string> {
  const map = new Map<string, string>();
  for (const s of [...sources].sort((a, b) => a.position - b.position)) {
    const url = tryCanonicalizeUrl(s.url) ?? s.url;
    if (!map.has(url)) map.set(url, s.title);
  }
  return map;
}
