import { JSDOM } from 'jsdom';

export function parse(html: string): Document {
  return new JSDOM(`<!doctype html><html><body>${html}</body></html>`).window.document;
}

export function textNodes(root: Node): Text[] {
  const walker = root.ownerDocument!.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** A range from the start of the text node holding `from` to the end of the one holding `to` (raw DOM text). */
export function rangeBetween(root: Element, from: string, to: string): Range {
  const nodes = textNodes(root);
  const startNode = nodes.find((n) => n.data.includes(from));
  const endNode = nodes.find((n) => n.data.includes(to));
  if (!startNode || !endNode) throw new Error(`no text node holds ${from} / ${to}`);
  const range = root.ownerDocument.createRange();
  range.setStart(startNode, startNode.data.indexOf(from));
  range.setEnd(endNode, endNode.data.indexOf(to) + to.length);
  return range;
}

/** The text a range covers, whitespace-normalised, to compare with what was labelled. */
export function rangeText(range: Range | null): string | null {
  return range ? range.toString().replace(/\s+/g, ' ').trim() : null;
}
