import type { Source } from '../../storage/schema';
import { tryCanonicalizeUrl } from '../url/canonicalize';

/** The cited source a page link points to (its canonical URL is the source's), if any. */
export function sourceOfLink(link: HTMLAnchorElement, sources: readonly Source[]): Source | undefined {
  const url = tryCanonicalizeUrl(link.getAttribute('href'), link.ownerDocument.location?.href);
  return url ? sources.find((s) => s.url === url) : undefined;
}

/** The answer's own links to `source`: its citation chips and source cards, in document order. */
export function linksToSource(root: Element, source: Source): HTMLAnchorElement[] {
  return [...root.querySelectorAll<HTMLAnchorElement>('a[href]')].filter((a) => sourceOfLink(a, [source]));
}
