import { t, tn } from '../i18n';
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

/** The sentences, in the user's language (options) or in English (the note sent to a model, with its English prompt). */
export interface LearnedPhrases {
  trusted(domain: string, relevant: number): string;
  /** `flags` or `irrelevant` may be 0; both 0: judged poorly in other ways. */
  doubted(domain: string, flags: number, irrelevant: number): string;
  aspect(text: string, count: number): string;
}

const times = (n: number) => (n === 1 ? t('shadowTimesOnce') : n === 2 ? t('shadowTimesTwice') : tn('shadowTimes', n));

/** For people: options "What it has learned". */
export const SHOWN_PHRASES: LearnedPhrases = {
  trusted: (domain, relevant) => t('shadowLearnedTrustedLine', domain, times(relevant)),
  doubted: (domain, flags, irrelevant) => {
    if (flags > 0 && irrelevant > 0) return t('shadowLearnedDoubtedBoth', domain, times(flags), times(irrelevant));
    if (flags > 0) return t('shadowLearnedDoubtedFlagged', domain, times(flags));
    if (irrelevant > 0) return t('shadowLearnedDoubtedIrrelevant', domain, times(irrelevant));
    return t('shadowLearnedDoubtedPoorly', domain);
  },
  aspect: (text, count) => t('shadowLearnedAspectLine', text, times(count)),
};

const englishTimes = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/** For the user's model: its prompt is English, so the note on the user is too (not shown on screen). */
export const MODEL_NOTE_PHRASES: LearnedPhrases = {
  trusted: (domain, relevant) => `${domain}: you graded its pages as relevant ${englishTimes(relevant)}.`,
  doubted: (domain, flags, irrelevant) => {
    const why = [
      flags > 0 ? `you flagged its pages as unreliable ${englishTimes(flags)}` : '',
      irrelevant > 0 ? `you graded its pages as irrelevant ${englishTimes(irrelevant)}` : '',
    ].filter((w) => w !== '');
    return `${domain}: ${why.join(' and ') || 'you judged its pages poorly'}.`;
  },
  aspect: (text, count) => `“${text}”: you said it was missing ${englishTimes(count)}.`,
};

export function describeLearned(
  domains: readonly LearnedDomain[],
  aspects: readonly LearnedAspect[],
  limit = 10,
  say: LearnedPhrases = SHOWN_PHRASES,
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
      trusted.push({ words: say.trusted(d.domain, useful), weight: d.good });
    } else if (bad >= MIN_POSTERIOR) {
      doubted.push({ words: say.doubted(d.domain, d.flags, notUseful), weight: d.bad });
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
      .map((a) => say.aspect(a.text, a.count)),
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
