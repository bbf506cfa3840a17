import type { Sentence, Source } from '../../../storage/schema';
import { extractText } from '../../text/extract';
import { clipText } from '../../text/well-formed';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import type { ReadPath, ReadPaths } from '../read-paths';
import type { AdapterReading } from '../types';
import { buildSources, cite, declaredLang } from './build';
import { type GoogleScriptData, jsdataKey, numbersIn } from './google-jsdata';
import { GOOGLE_SELECTORS as S } from './google-selectors';

export interface GoogleAnswerParts {
  text: string;
  lang: string | null;
  sentences: Sentence[];
  sources: Source[];
  /** How sources and citations were read: by the dated selectors, or by structure when those miss. */
  sourcesPath?: ReadPath;
  /** How the answer's text was found; `exact` when absent. */
  answerPath?: ReadPath;
}

/**
 * Structural fallbacks (2026-12) for the generated classes above, used only when no `S.sourceItem` matches
 * (e.g. a new CSS build renamed them): a source item is a list item holding a labelled external link and no
 * answer sentence; citation groups are known by their data attributes alone.
 */
const STRUCTURAL = {
  sourceLink: 'a[href^="http"][aria-label]',
  citationGroup: '[data-cid][data-uuids]',
} as const;

function isStructuralSourceItem(el: Element): boolean {
  return el.tagName === 'LI' && el.querySelector(STRUCTURAL.sourceLink) !== null && !el.querySelector(S.sentence);
}

/**
 * A keyword link's screen-reader suffix (". Opens in new tab"), known without its classes: a part of a link that
 * holds a sentence, itself holding none.
 */
function isStructuralLinkSuffix(el: Element): boolean {
  const link = el.parentElement;
  return (
    link?.tagName === 'A' &&
    !el.matches(S.sentence) &&
    el.querySelector(S.sentence) === null &&
    link.querySelector(S.sentence) !== null
  );
}

function isStructurallySkipped(el: Element): boolean {
  return isStructuralSourceItem(el) || isStructuralLinkSuffix(el);
}

/**
 * An answer in Google's legacy renderer (Overview or "People also ask"): every sentence
 * is a `span[data-huuid]`; sources come from the hidden list inside `sourceScope`.
 * Null when the container holds no sentence.
 */
export function readGoogleLegacy(
  container: Element,
  sourceScope: Element,
  base: URL,
  data: GoogleScriptData,
): GoogleAnswerParts | null {
  const body = container.querySelector(S.answerBody) ?? container;
  const exact = sourceScope.querySelector(S.sourceItem) !== null;
  const citationGroup = exact ? S.citationGroup : STRUCTURAL.citationGroup;
  const extracted = extractText(body, {
    skip: `${S.sourceItem}, ${citationGroup}, ${S.screenReaderOnly}`,
    ...(exact ? {} : { skipElement: isStructurallySkipped }),
    marks: S.sentence,
    keepHiddenWithMarks: true,
  });
  if (extracted.marks.length === 0) return null;
  const seen = new Set<string>();
  const sentences: Sentence[] = extracted.marks.map(({ element, start, end }, i) => {
    let id = clipText(element.getAttribute('data-huuid') ?? '', 60) || `s-${i}`;
    if (seen.has(id)) id = `${id}-${i}`;
    seen.add(id);
    return { id, start, end };
  });
  const links = exact
    ? [...sourceScope.querySelectorAll(S.sourceLink)]
    : [...sourceScope.querySelectorAll('li')]
        .filter(isStructuralSourceItem)
        .flatMap((li) => li.querySelector(STRUCTURAL.sourceLink) ?? []);
  const sources = buildSources(
    links.map((a) => ({
      href: a.getAttribute('href'),
      title: a.getAttribute('aria-label'),
      snippet: exact ? a.closest(S.sourceItem)?.querySelector(S.sourceSnippet)?.textContent : null,
    })),
    base,
  );
  const groupUrls = citationGroupResolver(links, base, data);
  for (const group of body.querySelectorAll(citationGroup)) {
    const ids = (group.getAttribute('data-uuids') ?? '').split(',').filter((id) => seen.has(id));
    cite(sources, groupUrls(group), ids);
  }
  const lang = body.getAttribute('data-rl') || declaredLang(body);
  return { text: extracted.text, lang, sentences, sources, sourcesPath: exact ? 'exact' : 'structural' };
}

/** Maps a citation group to the canonical URLs it links, via Google's script data; [] when unknown. */
function citationGroupResolver(links: Element[], base: URL, data: GoogleScriptData) {
  const listHolder = links[0]?.closest('li')?.closest(S.jsdataHolder);
  const listKey = jsdataKey(listHolder);
  const listValue = listKey ? data.value(listKey) : null;
  const keys = Array.isArray(listValue) ? numbersIn(listValue[0]) : [];
  const items = listHolder ? links.filter((a) => listHolder.contains(a)) : [];
  const urlByKey = new Map<number, string>();
  if (keys.length > 0 && keys.length === items.length) {
    keys.forEach((key, i) => {
      const url = tryCanonicalizeUrl(items[i]?.getAttribute('href'), base);
      if (url) urlByKey.set(key, url);
    });
  }
  return (group: Element): string[] => {
    // Some groups carry their links in the DOM; otherwise only the script data knows them.
    const inline = [...group.querySelectorAll('a[href]')].map((a) => tryCanonicalizeUrl(a.getAttribute('href'), base));
    if (inline.length > 0) return inline.filter((u): u is string => u !== null);
    if (urlByKey.size === 0) return [];
    const cid = group.getAttribute('data-cid') ?? '';
    const anchor = cid ? group.ownerDocument.getElementById(cid) : null;
    const holder = anchor?.nextElementSibling?.matches(S.jsdataHolder) ? anchor.nextElementSibling : null;
    const key = jsdataKey(holder);
    const value = key ? data.value(key) : null;
    if (!Array.isArray(value) || value[0] !== cid) return [];
    return numbersIn(value[1]).flatMap((k) => urlByKey.get(k) ?? []);
  };
}

/**
 * Read paths of a Google reading: the answer by `answerPath` (legacy sentences are data-attribute marks, exact);
 * sources and citations by `sourcesPath`.
 */
export function legacyReadPaths(
  reading: AdapterReading,
  sourcesPath: ReadPath,
  answerPath: ReadPath = 'exact',
): ReadPaths {
  return {
    answer: answerPath,
    query: reading.query ? 'exact' : 'none',
    sources: reading.sources.length > 0 ? sourcesPath : 'none',
    ...(reading.sources.some((s) => s.citingSentenceIds.length > 0) ? { citations: sourcesPath } : {}),
  };
}
