import type { TraceDraft } from '../../storage/schema';
import { SCHEMA_VERSION } from '../../storage/schema/constants';
import { wellFormedDeep } from '../text/well-formed';
import { uuidv7 } from '../uuidv7';
import { readPathsOf } from './read-paths-of';
import { adaptersForUrl } from './registry';
import type { AdapterReading, SiteAdapter } from './types';

export interface PageReading {
  adapter: SiteAdapter;
  reading: AdapterReading;
}

/** Every answer the adapters for `url` find in `doc`. Errors propagate (the content script isolates them per adapter). */
export function readPage(doc: Document, url: URL | string): PageReading[] {
  const u = typeof url === 'string' ? new URL(url) : url;
  const found: PageReading[] = [];
  for (const adapter of adaptersForUrl(u)) {
    for (const reading of adapter.read(doc, u)) found.push({ adapter, reading });
  }
  return found;
}

/** The trace a content script sends for one reading. */
export function toTraceDraft(adapter: SiteAdapter, reading: AdapterReading, url: URL, now: Date): TraceDraft {
  const pageUrl = new URL(url.href);
  pageUrl.hash = '';
  // The one place page text becomes a trace: lone surrogates (not Unicode; PostgreSQL refuses them) become U+FFFD.
  return wellFormedDeep({
    id: uuidv7(now.getTime()),
    schemaVersion: SCHEMA_VERSION,
    siteId: adapter.id,
    pageUrl: pageUrl.href,
    query: reading.query,
    capturedAt: now.toISOString(),
    lang: reading.lang,
    subqueries: reading.subqueries,
    sources: reading.sources,
    answer: reading.answer,
    availability: reading.availability,
    adapter: { id: adapter.id, version: adapter.version },
    readPaths: readPathsOf(adapter.id, reading),
  });
}
