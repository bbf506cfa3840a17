import type { AdapterReading } from '../adapters/types';
import { PAGE_URL_META, REPORT_META } from '../report/report-file';

/** Elements the extension puts in pages: the strip and toolbar hosts, the highlight style. */
const OWN_UI = '[data-stageback], [data-wxt-shadow-root]';
/** What a saved page needs no copy of: external scripts and what the browser would fetch for it. */
const FETCHED =
  'script[src], link[rel~="stylesheet" i], link[rel~="preload" i], link[rel~="modulepreload" i], link[rel~="prefetch" i], link[rel~="preconnect" i], link[rel~="dns-prefetch" i], iframe';

export interface RegionOptions {
  /** Reads the answers in a document, as the site's adapters do. */
  read(doc: Document): AdapterReading[];
  /** Stop trimming after this long (ms) and keep the rest of the page as it is. */
  budgetMs?: number;
  now?: () => number;
}

/** What must read back the same from the saved file: the question, the answer text and the sources. */
const signature = (r: AdapterReading) => JSON.stringify([r.query, r.answer.text, r.sources.map((s) => s.url)]);

/** The child-index path from the document element to `node`, to find its copy in a clone. */
function pathOf(node: Node, top: Node): number[] {
  const path: number[] = [];
  for (let n: Node | null = node; n && n !== top; n = n.parentNode) {
    path.unshift(Array.prototype.indexOf.call(n.parentNode?.childNodes ?? [], n));
  }
  return path;
}

function follow(top: Node, path: number[]): Node | null {
  let n: Node | null = top;
  for (const i of path) n = n?.childNodes[i] ?? null;
  return n;
}

/**
 * The page's answer region as a standalone HTML file: a copy of the document without the extension's own UI,
 * trimmed to what the answers in `roots` need to be read again the same (question, answer text, sources).
 * Trimming removes whole subtrees beside the answers' ancestors and keeps a removal only when the site's
 * adapters still read the same answers; whatever cannot be checked in the time budget is kept. Form fields carry
 * their current values. The page's address goes in a `<meta>` for the extractor.
 */
export function serializeAnswerRegion(doc: Document, pageUrl: string, roots: Element[], options: RegionOptions) {
  const top = doc.documentElement;
  const paths = roots.map((r) => pathOf(r, top));
  const values = [...doc.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map(
    (f) => f.value,
  );
  const copy = doc.cloneNode(true) as Document;
  const copyTop = copy.documentElement;
  const targets = paths.map((p) => follow(copyTop, p)).filter((n): n is Element => n?.nodeType === 1);
  [...copy.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].forEach((field, i) => {
    const value = values[i] ?? '';
    if (field.localName === 'textarea') field.textContent = value;
    else if (field.type !== 'password' && field.type !== 'hidden') field.setAttribute('value', value);
  });
  for (const el of copy.querySelectorAll(OWN_UI)) el.remove();
  for (const el of [...copy.querySelectorAll('*')].filter((e) => e.localName.startsWith('stageback-'))) el.remove();
  for (const el of copy.querySelectorAll(FETCHED)) el.remove();

  const readSafely = (): AdapterReading[] => {
    try {
      return options.read(copy);
    } catch {
      return [];
    }
  };
  const expected = new Set(
    readSafely()
      .filter((r) => targets.includes(r.root))
      .map(signature),
  );
  let trimmed = false;
  if (expected.size > 0) {
    const now = options.now ?? (() => performance.now());
    const deadline = now() + (options.budgetMs ?? 4_000);
    const same = () => {
      const found = new Set(readSafely().map(signature));
      return [...expected].every((s) => found.has(s));
    };
    trimmed = trimAround(copy, targets, same, () => now() > deadline);
  }

  const head = copy.head ?? copyTop.insertBefore(copy.createElement('head'), copyTop.firstChild);
  const meta = (name: string, content: string) => {
    const m = copy.createElement('meta');
    m.setAttribute('name', name);
    m.setAttribute('content', content);
    return m;
  };
  head.prepend(
    meta(PAGE_URL_META, pageUrl),
    meta(
      REPORT_META,
      `Saved with Stageback's "Report page" on ${new Date().toISOString()}: ${
        trimmed ? 'the answer region of the page' : 'the page'
      }, without Stageback's own controls.`,
    ),
  );
  return { html: `<!DOCTYPE html>\n${copyTop.outerHTML}\n`, trimmed, answers: expected.size };
}

/**
 * Removes, level by level from the top, the elements beside the targets' ancestors whose removal leaves
 * `same()` true: all of a level's at once when it can, else halves, down to single elements. `<head>` is kept
 * (its children are tried like any others). Returns whether anything was removed.
 */
function trimAround(doc: Document, targets: Element[], same: () => boolean, late: () => boolean): boolean {
  const keep = new Set<Node>();
  for (const t of targets) for (let n: Node | null = t; n; n = n.parentNode) keep.add(n);
  if (doc.head) keep.add(doc.head);
  let removed = false;
  const tryRemove = (nodes: Element[]): boolean => {
    const places = nodes.map((n) => [n, n.parentNode, n.nextSibling] as const);
    for (const n of nodes) n.remove();
    if (same()) return true;
    for (const [n, parent, next] of places.reverse()) parent?.insertBefore(n, next);
    return false;
  };
  const prune = (nodes: Element[]) => {
    if (nodes.length === 0 || late()) return;
    if (tryRemove(nodes)) {
      removed = true;
      return;
    }
    if (nodes.length === 1) return;
    const half = Math.ceil(nodes.length / 2);
    prune(nodes.slice(0, half));
    prune(nodes.slice(half));
  };
  let level: Element[] = [doc.documentElement];
  while (level.length > 0 && !late()) {
    const next: Element[] = [];
    for (const parent of level) {
      const children = [...parent.children];
      prune(children.filter((c) => !keep.has(c) && !targets.includes(c)));
      next.push(...children.filter((c) => keep.has(c) && !targets.includes(c) && c.isConnected));
    }
    level = next;
  }
  return removed;
}
