import type { SubQuery } from '../../storage/schema';
import type { AdapterReading } from '../adapters/types';
import { segmentSentences } from '../text/segment';
import { clipText } from '../text/well-formed';
import { domainOf } from '../url/domain';

const BLOCK = 'p, div, section, article, main, li, td, blockquote';

/** The user's selection on any page, read as an answer: its text, sentences and the links inside it. */
export function readSelection(doc: Document, canonicalize: (href: string) => string | null): AdapterReading | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const text = selection.toString().replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const container = range.commonAncestorContainer;
  const element = container instanceof Element ? container : container.parentElement;
  const root = element?.closest(BLOCK) ?? element;
  if (!root) return null;

  const sentences = segmentSentences(text, doc.documentElement.lang || null).map((r, i) => ({ id: `s${i}`, ...r }));
  const seen = new Set<string>();
  const sources: AdapterReading['sources'] = [];
  for (const link of root.querySelectorAll('a[href]')) {
    if (!range.intersectsNode(link)) continue;
    const url = canonicalize(link.getAttribute('href') ?? '');
    if (!url || seen.has(url)) continue;
    seen.add(url);
    sources.push({
      id: `link-${sources.length}`,
      url,
      title: clipText((link.textContent ?? '').trim(), 500),
      domain: domainOf(url),
      position: sources.length,
      citingSentenceIds: [],
    });
  }
  const subqueries: SubQuery[] = [];
  return {
    root,
    query: queryOf(doc),
    lang: doc.documentElement.lang || null,
    subqueries,
    sources,
    answer: { text, sentences, complete: true },
    availability: {
      decomposition: 'not_available',
      retrieval: sources.length ? 'read' : 'not_available',
      answer: 'read',
    },
  };
}

/** A search-like page carries the question in its URL; otherwise the page title stands for it. */
function queryOf(doc: Document): string {
  const url = new URL(doc.location?.href ?? 'about:blank');
  for (const key of ['q', 'query', 'search', 'p']) {
    const value = url.searchParams.get(key);
    if (value) return clipText(value, 2_000);
  }
  return clipText(doc.title.trim(), 2_000);
}
