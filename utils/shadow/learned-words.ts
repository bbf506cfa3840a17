import type { AspectStats, DomainStats } from './types';

/** The parts of tier 1's profile rows the words need (its rows, or the same read from the log). */
export type LearnedDomain = Pick<DomainStats, 'domain' | 'good' | 'bad' | 'labels' | 'flags' | 'grades'>;
export type LearnedAspect = Pick<AspectStats, 'text' | 'count'>;

/** What the shadow has learned, in sentences for people (options "Your shadow", and the model's profile note). */
export interface LearnedWords {
  trusted: string[];
  doubted: string[];
  aspects: string[];
}

/** Same thresholds as the proposals: at least two of the user's own labels, and a posterior of 0.8 either way. */
export const MIN_LABELS = 2;
export const MIN_POSTERIOR = 0.8;
/** Jeffreys prior Beta(½, ½), as tier 1 uses: two flags and nothing else give 0.83. */
const PRIOR = 0.5;

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

export function describeLearned(
  domains: readonly LearnedDomain[],
  aspects: readonly LearnedAspect[],
  limit = 10,
): LearnedWords {
  const trusted: { words: string; weight: number }[] = [];
  const doubted: { words: string; weight: number }[] = [];
  for (const d of domains) {
    if (d.labels < MIN_LABELS) continue;
    const good = (PRIOR + d.good) / (2 * PRIOR + d.good + d.bad);
    const bad = 1 - good;
    const useful = d.grades[2] + d.grades[3];
    const notUseful = d.grades[0];
    if (good >= MIN_POSTERIOR) {
      trusted.push({
        words: `${d.domain}: you graded its pages as relevant ${times(useful)}.`,
        weight: d.good,
      });
    } else if (bad >= MIN_POSTERIOR) {
      const why = [
        d.flags > 0 ? `you flagged its pages as unreliable ${times(d.flags)}` : '',
        notUseful > 0 ? `you graded its pages as irrelevant ${times(notUseful)}` : '',
      ].filter((w) => w !== '');
      doubted.push({ words: `${d.domain}: ${why.join(' and ') || 'you judged its pages poorly'}.`, weight: d.bad });
    }
  }
  const byWeight = (a: { weight: number }, b: { weight: number }) => b.weight - a.weight;
  return {
    trusted: trusted
      .sort(byWeight)
      .slice(0, limit)
      .map((t) => t.words),
    doubted: doubted
      .sort(byWeight)
      .slice(0, limit)
      .map((t) => t.words),
    aspects: [...aspects]
      .sort((a, b) => b.count - a.count)
      .slice(0, limit)
      .map((a) => `“${a.text}”: you said it was missing ${times(a.count)}.`),
  };
}

/** The short note on the user sent to their own model (bounded by the caller). */
export function profileNote(words: LearnedWords): string {
  const parts = [
    words.doubted.length > 0 ? `Doubts: ${words.doubted.slice(0, 4).join(' ')}` : '',
    words.trusted.length > 0 ? `Trusts: ${words.trusted.slice(0, 4).join(' ')}` : '',
    words.aspects.length > 0 ? `Often misses: ${words.aspects.slice(0, 4).join(' ')}` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' ') : 'Nothing learned about this person yet.';
}
