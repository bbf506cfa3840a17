import type { Sentence, Source } from '../../../storage/schema';
import { extractText } from '../../text/extract';
import { clipText } from '../../text/well-formed';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import type { ReadPath, ReadPaths } from '../read-paths';
import type { AdapterReading } from '../types';
import { buildSources, cite, declaredLang, segmentedSentences, sentenceAt } from './build';
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
  /** Without data attributes (2026-12): a citation chip is a labelled button inside the answer's text. */
  citationChip: '[role="button"][aria-label]',
} as const;

/** A listed source of the hidden source list, by its dated class or by structure. */
function isListedSource(el: Element): boolean {
  return el.matches(S.sourceItem) || isStructuralSourceItem(el);
}

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
 * Structural fallback (2026-12) for `S.answerBody`, where no `S.sentence` marks the answer (data attributes
 * dropped): the answer's text and its hidden source list sit side by side in one block, so the body is the
 * nearest ancestor of the first listed source that also holds text outside the source list. Null when `scope`
 * lists no source (Google's other "People also ask" answers and result blocks list none).
 */
export function structuralLegacyBody(scope: Element): Element | null {
  const item = [...scope.querySelectorAll('li')].find(isListedSource);
  for (let el: Element | null | undefined = item; el && el !== scope; el = el.parentElement) {
    const parent: Element | null = el.parentElement;
    if (!parent) break;
    const textBeside = [...parent.children].some(
      (sibling) =>
        sibling !== el &&
        (sibling.textContent ?? '').trim() !== '' &&
        ![...sibling.querySelectorAll('li')].some(isListedSource),
    );
    if (textBeside) return parent;
  }
  return null;
}

/**
 * Without data attributes, a citation chip's group is the chip's ancestor followed by the group's anchor (an
 * element whose id is the group's id, itself followed by the group's script-data holder); that id, or null.
 */
function structuralCitationId(chip: Element): { group: Element; cid: string } | null {
  let el: Element | null = chip;
  for (let up = 0; el && up < 5; up++, el = el.parentElement) {
    const anchor = el.nextElementSibling;
    if (anchor?.id && anchor.nextElementSibling?.matches(S.jsdataHolder)) return { group: el, cid: anchor.id };
  }
  return null;
}

/**
 * An answer in Google's legacy renderer (Overview or "People also ask"): every sentence
 * is a `span[data-huuid]`; sources come from the hidden list inside `sourceScope`.
 * Without sentence marks (data attributes dropped), the answer is read by structure (`structuralLegacyBody`):
 * sentences are segmented from its text and each citation chip cites the sentence it sits in.
 * Null when the container holds no sentence.
 */
export function readGoogleLegacy(
  container: Element,
  sourceScope: Element,
  base: URL,
  data: GoogleScriptData,
): GoogleAnswerParts | null {
  const marked = container.querySelector(S.sentence) !== null;
  const body = marked ? (container.querySelector(S.answerBody) ?? container) : structuralLegacyBody(container);
  if (!body) return null;
  const exact = sourceScope.querySelector(S.sourceItem) !== null;
  const citationGroup = exact ? S.citationGroup : STRUCTURAL.citationGroup;
  const extracted = extractText(body, {
    skip: `${S.sourceItem}, ${citationGroup}, ${S.screenReaderOnly}`,
    ...(exact ? {} : { skipElement: marked ? isStructurallySkipped : isStructuralSourceItem }),
    ...(marked ? { marks: S.sentence, keepHiddenWithMarks: true } : { points: STRUCTURAL.citationChip }),
  });
  if (marked ? extracted.marks.length === 0 : !extracted.text) return null;
  const seen = new Set<string>();
  const sentences: Sentence[] = marked
    ? extracted.marks.map(({ element, start, end }, i) => {
        let id = clipText(element.getAttribute('data-huuid') ?? '', 60) || `s-${i}`;
        if (seen.has(id)) id = `${id}-${i}`;
        seen.add(id);
        return { id, start, end };
      })
    : segmentedSentences(extracted.text, declaredLang(body));
  for (const s of sentences) seen.add(s.id);
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
    cite(sources, groupUrls(group, group.getAttribute('data-cid') ?? ''), ids);
  }
  for (const chip of extracted.points) {
    const found = structuralCitationId(chip.element);
    const sentence = sentenceAt(sentences, chip.start);
    if (found && sentence) cite(sources, groupUrls(found.group, found.cid), [sentence.id]);
  }
  const lang = body.getAttribute('data-rl') || declaredLang(body);
  return {
    text: extracted.text,
    lang,
    sentences,
    sources,
    sourcesPath: exact ? 'exact' : 'structural',
    answerPath: marked ? 'exact' : 'structural',
  };
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
  return (group: Element, cid: string): string[] => {
    // Some groups carry their links in the DOM; otherwise only the script data knows them.
    const inline = [...group.querySelectorAll('a[href]')].map((a) => tryCanonicalizeUrl(a.getAttribute('href'), base));
    if (inline.length > 0) return inline.filter((u): u is string => u !== null);
    if (urlByKey.size === 0) return [];
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
 * sources by `sourcesPath`; citations tie both, so they are structural where either is.
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
    ...(reading.sources.some((s) => s.citingSentenceIds.length > 0)
      ? { citations: answerPath === 'structural' ? answerPath : sourcesPath }
      : {}),
  };
}
