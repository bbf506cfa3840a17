import type { AdapterReading } from '../adapters/types';
import { ROOT_MARK } from '../content/page-snapshot';
import { PAGE_URL_META, REPORT_META } from './report-file';

/** What a saved page needs no copy of: external scripts and what the browser would fetch for it. */
const FETCHED =
  'script[src], link[rel~="stylesheet" i], link[rel~="preload" i], link[rel~="modulepreload" i], link[rel~="prefetch" i], link[rel~="preconnect" i], link[rel~="dns-prefetch" i], iframe';

export interface RegionOptions {
  /** Reads the answers in a document, as the site's adapters do on the page. */
  read(doc: Document): AdapterReading[];
  /** Stop trimming after this long (ms) and keep the rest of the page as it is. */
  budgetMs?: number;
  now?: () => number;
  /** When the report was made (the file says so). */
  at?: Date;
}

export interface AnswerRegion {
  html: string;
  /** Whether anything beside the answers was left out. */
  trimmed: boolean;
  /** How many answers it holds that read back the same. */
  answers: number;
}

/** What must read back the same from the saved file: the question, the answer text and the sources. */
const signature = (r: AdapterReading) => JSON.stringify([r.query, r.answer.text, r.sources.map((s) => s.url)]);

/**
 * A page snapshot (`utils/content/page-snapshot.ts`) trimmed to its answer region, as a standalone HTML file:
 * whole subtrees beside the marked answers' ancestors are removed, and a removal is kept only when the site's
 * adapters still read the same answers (question, answer text, sources); whatever cannot be checked within the
 * time budget is kept. The page's address goes in a `<meta>` for the extractor. Parsed, never rendered.
 */
export function trimToAnswerRegion(snapshot: string, pageUrl: string, options: RegionOptions): AnswerRegion {
  const doc = new DOMParser().parseFromString(snapshot, 'text/html');
  const targets = [...doc.querySelectorAll(`[${ROOT_MARK}]`)];
  for (const el of doc.querySelectorAll(FETCHED)) el.remove();
  // Relative links resolve against the page, as they did there (this document's own address is the extension's).
  const base = doc.createElement('base');
  base.setAttribute('href', pageUrl);
  doc.head.prepend(base);

  const readSafely = (): AdapterReading[] => {
    try {
      return options.read(doc);
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
    const deadline = now() + (options.budgetMs ?? 8_000);
    const same = () => {
      const found = new Set(readSafely().map(signature));
      return [...expected].every((s) => found.has(s));
    };
    trimmed = trimAround(doc, targets, same, () => now() > deadline);
  }
  base.remove();
  for (const el of targets) el.removeAttribute(ROOT_MARK);

  const meta = (name: string, content: string) => {
    const m = doc.createElement('meta');
    m.setAttribute('name', name);
    m.setAttribute('content', content);
    return m;
  };
  const what = trimmed ? 'the answer region of the page' : 'the page';
  doc.head.prepend(
    meta(PAGE_URL_META, pageUrl),
    meta(
      REPORT_META,
      `Saved with Stageback's "Report page" on ${(options.at ?? new Date()).toISOString()}: ${what}, without Stageback's own controls.`,
    ),
  );
  return { html: `<!DOCTYPE html>\n${doc.documentElement.outerHTML}\n`, trimmed, answers: expected.size };
}

/**
 * Removes, level by level from the top, the elements beside the targets' ancestors whose removal leaves
 * `same()` true: all of a level's at once when it can, else halves, down to single elements. Returns whether
 * anything was removed.
 */
function trimAround(doc: Document, targets: Element[], same: () => boolean, late: () => boolean): boolean {
  const keep = new Set<Node>();
  for (const t of targets) for (let n: Node | null = t; n; n = n.parentNode) keep.add(n);
  keep.add(doc.head);
  for (const base of doc.head.querySelectorAll('base')) keep.add(base);
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
