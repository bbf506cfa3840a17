import type { HealthSummary } from '../../storage/reading-health';
import type { ReadField } from '../adapters/read-paths';
import { type MessageKey, t, tn } from '../i18n';
import { listOf } from '../list';

const PART_NAMES = {
  answer: 'bgHealthPartAnswer',
  query: 'bgHealthPartQuery',
  sources: 'bgHealthPartSources',
  citations: 'bgHealthPartCitations',
  subqueries: 'bgHealthPartSubqueries',
} satisfies Record<ReadField, MessageKey>;

/**
 * One plain line about a site's latest answers, e.g. "Perplexity: last 20 answers read in full" or
 * "Perplexity: last 20 answers: 17 read in full; sources missing in 3".
 */
export function healthLine(siteName: string, s: HealthSummary): string {
  const latest = s.answers === 1 ? t('bgHealthLastAnswer') : tn('bgHealthLastAnswers', s.answers);
  const withFallback = (line: string) =>
    s.fallback === 0
      ? line
      : s.fallback === s.answers
        ? t('bgHealthFallbackAll', line)
        : tn('bgHealthFallback', s.fallback, line);
  if (s.full === s.answers) return withFallback(t('bgHealthAllRead', siteName, latest));
  const gaps = (Object.entries(s.missing) as [ReadField, number][])
    .sort((a, b) => b[1] - a[1])
    .map(([part, n]) =>
      s.answers === 1 ? t('bgHealthMissing', t(PART_NAMES[part])) : tn('bgHealthMissingIn', n, t(PART_NAMES[part])),
    );
  const line =
    s.answers === 1
      ? t('bgHealthGaps', siteName, latest, listOf(gaps, 'bgListHead'))
      : t('bgHealthSomeRead', siteName, latest, s.full, listOf(gaps, 'bgListHead'));
  return withFallback(line);
}
