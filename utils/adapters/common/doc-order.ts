const PRECEDING = 2; // Node.DOCUMENT_POSITION_PRECEDING

/** The last of `candidates` that comes before `el` in document order (e.g. the question of an answer). */
export function lastBefore(el: Element, candidates: Iterable<Element>): Element | null {
  let found: Element | null = null;
  for (const c of candidates) {
    if (c === el || c.contains(el)) continue;
    if (el.compareDocumentPosition(c) & PRECEDING) found = c;
    else break;
  }
  return found;
}
