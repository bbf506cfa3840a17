import type { TaughtRule } from '../taught/rule';
import { extractText } from '../text/extract';
import { clipText } from '../text/well-formed';
import { tryCanonicalizeUrl } from '../url/canonicalize';
import { buildSources, cite, declaredLang, makeReading, segmentedSentences, sentencesIn } from './common/build';
import type { ReadPaths } from './read-paths';
import type { AdapterReading, SiteAdapter } from './types';

/** The rule fields reading needs (the background validated the whole rule before a content script gets it). */
export type TaughtRuleData = Pick<TaughtRule, 'id' | 'origin' | 'pathPrefix' | 'answer' | 'sources' | 'name'>;

export const TAUGHT_SITE_ID = 'taught';
const MAX_ANSWERS = 20;
/** The extension's own UI on the page is never answer text. */
const OWN_UI = (el: Element) => el.localName.startsWith('stageback-');

/** The elements the first selector of `selectors` that matches anything finds; a broken selector is skipped. */
export function firstMatching(doc: ParentNode, selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    try {
      const found = [...doc.querySelectorAll(selector)];
      if (found.length > 0) return found;
    } catch {
      // Not a selector this browser parses: the next one is tried.
    }
  }
  return [];
}

export function ruleAppliesTo(rule: TaughtRuleData, url: URL): boolean {
  return url.origin === rule.origin && url.pathname.startsWith(rule.pathPrefix);
}

/** A search-like page carries the question in its address; otherwise the page title stands for it. */
function queryOf(doc: Document, url: URL): string {
  for (const key of ['q', 'query', 'search', 'p', 'prompt']) {
    const value = url.searchParams.get(key);
    if (value) return value;
  }
  return clipText(doc.title.trim(), 2_000);
}

/**
 * Reads the answers a taught rule points at. Sources are the links inside the taught list of sources (or, without
 * one, inside the answer), leaving out links to the page's own site (its navigation, not sources). A link inside
 * the answer's text cites the sentence it sits in.
 */
export function readTaught(doc: Document, url: URL, rule: TaughtRuleData): AdapterReading[] {
  if (!ruleAppliesTo(rule, url)) return [];
  const roots = firstMatching(doc, rule.answer)
    .filter((el) => !OWN_UI(el))
    .slice(0, MAX_ANSWERS);
  const lists = rule.sources.length > 0 ? firstMatching(doc, rule.sources) : [];
  const readings: AdapterReading[] = [];
  roots.forEach((root, index) => {
    // One list serves one answer; a thread with a list per answer pairs them in page order.
    const list = roots.length === 1 ? (lists[0] ?? null) : lists.length === roots.length ? lists[index] : null;
    const skipList = (el: Element) => OWN_UI(el) || (list !== null && el === list);
    const { text, marks } = extractText(root, { skipElement: skipList, marks: 'a[href]' });
    if (!text) return;
    const lang = declaredLang(root);
    const sentences = segmentedSentences(text, lang);
    const linkHolder = list ?? root;
    const links = [...linkHolder.querySelectorAll('a[href]')].filter((a) => !isOwnSite(a, url));
    const sources = buildSources(
      links.map((a) => ({ href: a.getAttribute('href'), title: a.textContent })),
      url,
    );
    for (const mark of marks) {
      const target = tryCanonicalizeUrl(mark.element.getAttribute('href'), url);
      cite(
        sources,
        [target],
        sentencesIn(sentences, mark).map((s) => s.id),
      );
    }
    const reading = makeReading({
      root,
      query: queryOf(doc, url),
      lang,
      text,
      sentences,
      sources,
      complete: true,
    });
    const readPaths: ReadPaths = {
      answer: 'taught',
      query: 'taught',
      sources: sources.length > 0 ? 'taught' : 'none',
    };
    readings.push({ ...reading, readPaths, stripPlacement: 'inside' });
  });
  return readings;
}

function isOwnSite(link: Element, url: URL): boolean {
  try {
    return new URL(link.getAttribute('href') ?? '', url).origin === url.origin;
  } catch {
    return true;
  }
}

/** One taught rule as a site adapter, read like the built-in ones (siteId `taught`). */
export function taughtAdapter(rule: TaughtRuleData): SiteAdapter {
  return {
    id: TAUGHT_SITE_ID,
    version: '1',
    name: `Taught: ${rule.name}`,
    matches: [`${rule.origin}/*`],
    testUrls: [],
    fixtures: [],
    selectors: Object.fromEntries([
      ...rule.answer.map((s, i) => [`answer${i}`, s]),
      ...rule.sources.map((s, i) => [`sources${i}`, s]),
    ]),
    urlFilter: (url) => ruleAppliesTo(rule, url),
    detect: (doc, url) => ruleAppliesTo(rule, url) && firstMatching(doc, rule.answer).length > 0,
    read: (doc, url) => readTaught(doc, url, rule),
    isComplete: () => true,
  };
}
