import { type MutationKind, mutate, seededRandom } from '../../../../scripts/drift/mutate';
import type { AdapterReading, SiteAdapter } from '../../../../utils/adapters/types';
import { loadPage } from '../real-pages';

/** An adapter's readings of a saved page before and after the given mutations (seed 19), applied in turn. */
export function readBeforeAndAfter(
  adapter: SiteAdapter,
  file: string,
  href: string,
  kinds: readonly MutationKind[],
): [AdapterReading[], AdapterReading[]] {
  const doc = loadPage(file, href);
  try {
    const url = new URL(href);
    const before = adapter.read(doc, url);
    const roots = before.map((r) => r.root);
    for (const kind of kinds) mutate(doc.documentElement, kind, seededRandom(19), roots);
    return [before, adapter.read(doc, url)];
  } finally {
    doc.defaultView?.close();
  }
}

/** What the drift check compares, and the citations: answer, query, sources with the sentences citing them. */
export function readingCore(r: AdapterReading | undefined) {
  return r && { query: r.query, text: r.answer.text, sources: r.sources.map((s) => [s.url, s.citingSentenceIds]) };
}
