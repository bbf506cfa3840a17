/**
 * How each part of one answer was read: the contract between the adapters (which fill it) and reading health
 * (which stores it, shows a per-site health line and tells the strip what could not be read).
 *
 * - `exact`: the adapter's own dated selectors for this site matched.
 * - `structural`: exact selectors missed; found by structure (ARIA roles, citation marker → link relations,
 *   text density, position relative to the query).
 * - `site-data`: from the site's own JSON (e.g. sub-queries Perplexity or ChatGPT expose but do not show).
 * - `taught`: from a rule the user taught on this site.
 * - `none`: looked for and not found (a part the site never shows is left out, not `none`).
 */
export const READ_PATHS = ['exact', 'structural', 'site-data', 'taught', 'none'] as const;
export type ReadPath = (typeof READ_PATHS)[number];

export const READ_FIELDS = ['answer', 'query', 'sources', 'citations', 'subqueries'] as const;
export type ReadField = (typeof READ_FIELDS)[number];

export type ReadPaths = Partial<Record<ReadField, ReadPath>>;
