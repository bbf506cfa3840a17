import type { Answer, Source, SubQuery } from '../../storage/schema';
import type { ReadPaths } from './read-paths';

/** Sites whose answers always show their sources: finding none there means they could not be read. */
const SHOWS_SOURCES: ReadonlySet<string> = new Set([
  'google-ai-overview',
  'google-ai-mode',
  'perplexity',
  'bing',
  'bing-copilot',
]);

/** What a reading or a stored trace holds that says how it was read. */
export interface ReadingParts {
  query: string;
  answer: Pick<Answer, 'text'>;
  sources: Pick<Source, 'citingSentenceIds'>[];
  subqueries: Pick<SubQuery, 'origin'>[];
  readPaths?: ReadPaths;
}

/**
 * How each part of an answer was read: the adapter's own `readPaths` when it reports them; otherwise a plain
 * reading of what was found (adapters without structural fallbacks read everything with their exact selectors):
 * a part that is there was read `exact`, sub-queries from the site's JSON `site-data`, and sources missing on a
 * site that always shows them `none`. Parts a site may simply not have (sub-queries, citations) are left out.
 */
export function readPathsOf(siteId: string, reading: ReadingParts): ReadPaths {
  if (reading.readPaths) return reading.readPaths;
  const paths: ReadPaths = {
    answer: reading.answer.text.trim() ? 'exact' : 'none',
    query: reading.query.trim() ? 'exact' : 'none',
  };
  if (reading.sources.length > 0) paths.sources = 'exact';
  else if (SHOWS_SOURCES.has(siteId)) paths.sources = 'none';
  if (reading.sources.some((s) => s.citingSentenceIds.length > 0)) paths.citations = 'exact';
  if (reading.subqueries.some((q) => q.origin === 'shown')) paths.subqueries = 'exact';
  else if (reading.subqueries.some((q) => q.origin === 'site-data')) paths.subqueries = 'site-data';
  return paths;
}
