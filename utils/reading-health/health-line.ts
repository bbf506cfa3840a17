import type { HealthSummary } from '../../storage/reading-health';
import type { ReadField } from '../adapters/read-paths';

const PART_NAMES: Record<ReadField, string> = {
  answer: 'the answer',
  query: 'the question',
  sources: 'sources',
  citations: 'which sentence cites which source',
  subqueries: 'sub-queries',
};

/**
 * One plain line about a site's latest answers, e.g. "Perplexity: last 20 answers read in full" or
 * "Perplexity: last 20 answers: 17 read in full; sources missing in 3".
 */
export function healthLine(siteName: string, s: HealthSummary): string {
  const what = s.answers === 1 ? 'last answer' : `last ${s.answers} answers`;
  const fallback =
    s.fallback === 0
      ? ''
      : `; ${s.fallback === s.answers ? 'all' : s.fallback} found another way than usual (the site may have changed its layout)`;
  if (s.full === s.answers) return `${siteName}: ${what} read in full${fallback}`;
  const gaps = (Object.entries(s.missing) as [ReadField, number][])
    .sort((a, b) => b[1] - a[1])
    .map(([part, n]) => (s.answers === 1 ? `${PART_NAMES[part]} missing` : `${PART_NAMES[part]} missing in ${n}`));
  const full = s.answers === 1 ? '' : ` ${s.full} read in full;`;
  return `${siteName}: ${what}:${full} ${gaps.join(', ')}${fallback}`;
}
