import type { FeedbackEvent, Trace } from '../storage/schema';
import { t } from './i18n';

/** The first words of a text, cut at a word boundary with an ellipsis when it goes on. */
export function firstWords(text: string, words = 12): string {
  const all = text.trim().split(/\s+/).filter(Boolean);
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')} …`;
}

/** How each source, sentence and sub-query of one answer is named in the log: small enough to keep per answer. */
export interface TargetWords {
  sources: Record<string, string>;
  sentences: Record<string, string>;
  subqueries: Record<string, string>;
}

export function targetWords(trace: Pick<Trace, 'sources' | 'answer' | 'subqueries'>): TargetWords {
  const words: TargetWords = { sources: {}, sentences: {}, subqueries: {} };
  for (const s of trace.sources) {
    const title = s.title.trim();
    words.sources[s.id] = title
      ? t('stripTargetSource', s.position + 1, s.domain, firstWords(title, 10))
      : t('stripTargetSourceUntitled', s.position + 1, s.domain);
  }
  for (const s of trace.answer.sentences) {
    words.sentences[s.id] = t('stripTargetQuote', firstWords(trace.answer.text.slice(s.start, s.end)));
  }
  for (const s of trace.subqueries) words.subqueries[s.id] = t('stripTargetSubquery', firstWords(s.text));
  return words;
}

/**
 * What a piece of feedback is about, in words: which source (position, domain and title), which sentence, which
 * sub-query, or the quoted span. Empty for feedback on a whole stage.
 */
export function describeTarget(event: FeedbackEvent, words: TargetWords | undefined): string {
  const { target } = event;
  switch (target.type) {
    case 'stage':
      return '';
    case 'source':
      return words?.sources[target.sourceId] ?? t('stripTargetSomeSource');
    case 'citation':
      return t(
        'stripTargetCitation',
        words?.sentences[target.sentenceId] ?? t('stripTargetSomeSentence'),
        words?.sources[target.sourceId] ?? t('stripTargetSomeSource'),
      );
    case 'subquery':
      return words?.subqueries[target.subqueryId] ?? t('stripTargetSomeSubquery');
    case 'span':
      return t('stripTargetQuote', firstWords(target.quote.exact));
  }
}
