import type { Sentence, Source } from '../../../storage/schema';
import { extractText } from '../../text/extract';
import { clipText } from '../../text/well-formed';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { buildSources, cite, declaredLang } from './build';
import { type GoogleScriptData, jsdataKey, numbersIn } from './google-jsdata';
import { GOOGLE_SELECTORS as S } from './google-selectors';

export interface GoogleAnswerParts {
  text: string;
  lang: string | null;
  sentences: Sentence[];
  sources: Source[];
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
  const extracted = extractText(body, {
    skip: `${S.sourceItem}, ${S.citationGroup}, ${S.screenReaderOnly}`,
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
  const links = [...sourceScope.querySelectorAll(S.sourceLink)];
  const sources = buildSources(
    links.map((a) => ({
      href: a.getAttribute('href'),
      title: a.getAttribute('aria-label'),
      snippet: a.closest(S.sourceItem)?.querySelector(S.sourceSnippet)?.textContent,
    })),
    base,
  );
  const groupUrls = citationGroupResolver(sourceScope, base, data);
  for (const group of body.querySelectorAll(S.citationGroup)) {
    const ids = (group.getAttribute('data-uuids') ?? '').split(',').filter((id) => seen.has(id));
    cite(sources, groupUrls(group), ids);
  }
  return { text: extracted.text, lang: body.getAttribute('data-rl') || declaredLang(body), sentences, sources };
}

/** Maps a citation group to the canonical URLs it links, via Google's script data; [] when unknown. */
function citationGroupResolver(sourceScope: Element, base: URL, data: GoogleScriptData) {
  const firstItem = sourceScope.querySelector(S.sourceItem);
  const listHolder = firstItem?.closest(S.jsdataHolder);
  const listKey = jsdataKey(listHolder);
  const listValue = listKey ? data.value(listKey) : null;
  const keys = Array.isArray(listValue) ? numbersIn(listValue[0]) : [];
  const items = listHolder ? [...listHolder.querySelectorAll(S.sourceLink)] : [];
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
