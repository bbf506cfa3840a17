import type { Source } from '../../../storage/schema';
import { extractText } from '../../text/extract';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { buildSources, cite, segmentedSentences, sentenceAt } from './build';
import type { GoogleAnswerParts } from './google-legacy';
import { GOOGLE_SELECTORS as S } from './google-selectors';

const OTHER_BLOCKS = 'ul, ol, table, h1, h2, h3, h4, h5, h6, [role="heading"]';

/**
 * Structural fallbacks (2026-12), used only where `S.aimParagraph` finds nothing (e.g. a new CSS build renamed it):
 * the first paragraph is the one holding the answer's first line (`S.aimFirstParagraph`); the other paragraphs are
 * its siblings of the same tag and class (a rename keeps one class per role); sources are known by their id alone,
 * or without data attributes as the list items holding a labelled link out. Without data attributes the answer
 * itself is the nearest element holding its paragraphs and a listed source.
 */
const STRUCTURAL = {
  source: '[data-src-id]',
  sourceLink: 'a[href^="http"][aria-label]',
} as const;

function isListedSource(el: Element): boolean {
  return el.tagName === 'LI' && el.querySelector(STRUCTURAL.sourceLink) !== null;
}

/**
 * Where no `S.aimBody` marks the answer (data attributes dropped): the nearest element holding all of the
 * page's answer paragraphs and at least one listed source (the sources sit in a column beside the text);
 * `within` keeps the search inside one element (an Overview found by structure).
 */
export function structuralAimBody(doc: Document, within?: Element): Element | null {
  const paragraphs = [...(within ?? doc).querySelectorAll(S.aimParagraph)];
  const first = paragraphs[0];
  if (!first) return null;
  const outside = (el: Element) => el === doc.body || (within !== undefined && !within.contains(el));
  let body = first.parentElement;
  while (body && !paragraphs.every((p) => body?.contains(p))) body = body.parentElement;
  while (body && !outside(body) && ![...body.querySelectorAll('li')].some(isListedSource)) {
    body = body.parentElement;
  }
  return body && !outside(body) ? body : null;
}

/** How a paragraph of this answer is recognised: the dated class, or the first paragraph's own tag and class. */
function paragraphTest(
  aimc: Element,
): { first: Element; isParagraph: (el: Element) => boolean; exact: boolean } | null {
  const exact = aimc.querySelector(S.aimParagraph);
  if (exact) return { first: exact, isParagraph: (el) => el.matches(S.aimParagraph), exact: true };
  const first = aimc.querySelector(S.aimFirstParagraph)?.parentElement;
  if (!first || first === aimc || !aimc.contains(first)) return null;
  const cls = first.getAttribute('class') ?? '';
  return {
    first,
    isParagraph: (el) => el.tagName === first.tagName && (el.getAttribute('class') ?? '') === cls,
    exact: false,
  };
}

/** A block, or extra elements around one block (wrappers a redesign added). */
function wrapsBlock(el: Element, isBlock: (el: Element) => boolean): boolean {
  for (let inner: Element | null = el; inner; inner = inner.firstElementChild) {
    if (isBlock(inner)) return true;
    if (inner.childElementCount !== 1 || ownText(inner)) return false;
  }
  return false;
}

function ownText(el: Element): boolean {
  for (const node of el.childNodes) if (node.nodeType === 3 && node.textContent?.trim()) return true;
  return false;
}

/**
 * An answer in Google's newer renderer (`[data-subtree="aimc"]`, also AI Mode): paragraphs
 * `.Y3BBE` and lists side by side; sources `.MFrAxb[data-src-id]`; chips
 * `button[data-icl-uuid]` tied to source ids by `<!--Sv6Kpe[…]-->` comments. Null when empty.
 */
export function readGoogleAim(aimc: Element, base: URL, lang: string | null): GoogleAnswerParts | null {
  const paragraphs = paragraphTest(aimc);
  let column = paragraphs?.first.parentElement;
  // A wrapper around the first paragraph alone is not the column.
  while (column && column !== aimc && column.childElementCount === 1) column = column.parentElement;
  if (!paragraphs || !column) return null;
  const isBlock = (el: Element) => paragraphs.isParagraph(el) || el.matches(OTHER_BLOCKS);
  const exactSources = aimc.querySelector(S.aimSource) !== null;
  const sourceSelector = exactSources ? S.aimSource : STRUCTURAL.source;
  const extracted = extractText(column, {
    // Only the answer's own blocks: the column also holds the disclaimer and feedback footer.
    skipElement: (el) => el.parentElement === column && !wrapsBlock(el, isBlock),
    skip: `${sourceSelector}, [role="dialog"]`,
    points: S.aimChip,
  });
  if (!extracted.text) return null;
  const sentences = segmentedSentences(extracted.text, lang);
  const byId = exactSources ? [] : [...aimc.querySelectorAll(STRUCTURAL.source)];
  const sourceItems =
    exactSources || byId.length > 0
      ? [...aimc.querySelectorAll(sourceSelector)]
      : [...aimc.querySelectorAll('li')].filter((li) => isListedSource(li) && !column.contains(li));
  const sourceLinks = sourceItems.map((item) => {
    const a = item.querySelector(S.aimSourceLink);
    return {
      srcId: item.getAttribute('data-src-id') ?? '',
      href: a?.getAttribute('href'),
      title: a?.getAttribute('aria-label'),
    };
  });
  const sources: Source[] = buildSources(sourceLinks, base);
  const chipUrls = chipTargets(aimc, base);
  const urlBySrcId = new Map<string, string>();
  for (const l of sourceLinks) {
    const url = tryCanonicalizeUrl(l.href, base);
    if (url && l.srcId && !urlBySrcId.has(l.srcId)) urlBySrcId.set(l.srcId, url);
  }
  for (const chip of extracted.points) {
    const sentence = sentenceAt(sentences, chip.start);
    const targets = chipUrls.get(chip.element.getAttribute('data-icl-uuid') ?? '') ?? [];
    const urls = targets.map((t) => urlBySrcId.get(t.srcId) ?? t.url);
    if (sentence) cite(sources, urls, [sentence.id]);
  }
  return {
    text: extracted.text,
    lang,
    sentences,
    sources,
    answerPath: paragraphs.exact ? 'exact' : 'structural',
    sourcesPath: exactSources ? 'exact' : 'structural',
  };
}

interface ChipTarget {
  srcId: string;
  url: string | null;
}

/** chip uuid → the sources it opens, from `<!--Sv6Kpe[[uuid, srcId, 0, url, …], …]-->` comments. */
function chipTargets(aimc: Element, base: URL): Map<string, ChipTarget[]> {
  const byChip = new Map<string, ChipTarget[]>();
  const walker = aimc.ownerDocument.createTreeWalker(aimc, 128 /* NodeFilter.SHOW_COMMENT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = (node as Comment).data;
    if (!data.startsWith('Sv6Kpe[')) continue;
    let rows: unknown;
    try {
      rows = JSON.parse(data.slice('Sv6Kpe'.length).replaceAll('&quot;', '"'));
    } catch {
      continue;
    }
    if (!Array.isArray(rows)) continue;
    for (const row of rows) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'string') continue;
      const url = typeof row[3] === 'string' ? tryCanonicalizeUrl(row[3], base) : null;
      const list = byChip.get(row[0]) ?? [];
      list.push({ srcId: row[1], url });
      byChip.set(row[0], list);
    }
  }
  return byChip;
}
