import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSavedPage } from '../../../scripts/saved-page';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const REAL_PAGES_DIR = path.resolve(REPO_ROOT, '../shared/fixtures/real-pages');
export const HAVE_REAL_PAGES = existsSync(REAL_PAGES_DIR);

if (!HAVE_REAL_PAGES) {
  console.warn(`[adapters] ${REAL_PAGES_DIR} is absent: tests on saved real pages are skipped.`);
}

/** One line of facts.jsonl: an independent reading of a saved page (null = no value given). */
export interface Fact {
  file: string;
  site: string;
  url: string;
  query: string | null;
  hasAnswer: boolean | null;
  complete: boolean | null;
  sources: string[] | null;
  sentences: number | null;
}

export function loadFacts(): Fact[] {
  return readFileSync(path.join(REAL_PAGES_DIR, 'facts.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Fact);
}

export function loadPage(file: string, url: string): Document {
  return parseSavedPage(readFileSync(path.join(REAL_PAGES_DIR, file), 'utf8'), url);
}

/**
 * facts.jsonl's URL canonicalisation, for comparing with it (not product code): fragment and
 * tracking parameters dropped (facts also treat `ref` as tracking), `www.` and a trailing
 * slash dropped, http as https.
 */
export function factsUrl(href: string): string {
  const url = new URL(href);
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) {
    if (/^(utm_.*|gclid|fbclid|srsltid|ved|ei|ref)$/i.test(name)) url.searchParams.delete(name);
  }
  let s = url.href.replace(/^http:/, 'https:').replace('://www.', '://');
  if (s.endsWith('?')) s = s.slice(0, -1);
  if (s.endsWith('/')) s = s.slice(0, -1);
  return s;
}
