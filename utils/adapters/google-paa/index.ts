import { makeReading } from '../common/build';
import { GOOGLE_SEARCH_MATCHES, isAiModeUrl } from '../common/google-domains';
import { GOOGLE_FIXTURES } from '../common/google-fixtures';
import { GoogleScriptData } from '../common/google-jsdata';
import { legacyReadPaths, readGoogleLegacy, structuralLegacyBody } from '../common/google-legacy';
import { GOOGLE_SELECTORS as G } from '../common/google-selectors';
import type { AdapterReading, ReadOptions, SiteAdapter } from '../types';

const selectors = {
  // 2025-06: each expanded question holds an AI answer in the legacy renderer's shape.
  pair: G.paaPair,
  question: '[data-q]',
  summary: G.paaSummary,
  sentence: G.sentence,
  sourceLink: G.sourceLink,
} as const;

/**
 * AI answers inside Google's "People also ask". Each is its own reading whose query is the
 * question; it runs on the same pages as google-ai-overview (see SHARED_PAGES in the registry).
 */
export const googlePaa: SiteAdapter = {
  id: 'google-paa',
  version: '5',
  name: 'Google "People also ask" AI answers',
  matches: GOOGLE_SEARCH_MATCHES,
  urlFilter: (url) => !isAiModeUrl(url),
  testUrls: ['https://www.google.com/search?q=is+chatgpt+ai+or+ml', 'https://www.google.de/search?q=was+ist+ki'],
  fixtures: GOOGLE_FIXTURES,
  selectors,
  detect: (doc) => doc.querySelector(`${selectors.pair} ${selectors.summary} ${selectors.sentence}`) !== null,
  read(doc, url, options?: ReadOptions) {
    const data = new GoogleScriptData(doc);
    const readings: AdapterReading[] = [];
    const exact = [...doc.querySelectorAll(`${selectors.pair} ${selectors.summary}`)];
    const summaries = exact.length > 0 ? exact : [...doc.querySelectorAll(selectors.summary)];
    // Without any summary marker (data attributes dropped), each question's answer is found by structure.
    const unmarked = summaries.length === 0 ? structuralSummaries(doc) : [];
    for (const summary of summaries.length > 0 ? summaries : unmarked) {
      const pair = exact.length > 0 ? summary.closest(selectors.pair) : structuralPair(summary);
      if (!pair || options?.defer?.(summary)) continue;
      const parts = readGoogleLegacy(summary, pair, url, data);
      if (!parts) continue;
      const question =
        pair.getAttribute('data-q') ??
        pair.querySelector(selectors.question)?.getAttribute('data-q') ??
        structuralQuestion(pair, summary);
      const reading = makeReading({ root: summary, query: question, ...parts, complete: isComplete(summary) });
      const paths = legacyReadPaths(reading, parts.sourcesPath ?? 'exact', parts.answerPath);
      if (exact.length === 0) paths.query = reading.query ? 'structural' : 'none';
      reading.readPaths = paths;
      readings.push(reading);
    }
    return readings;
  },
  isComplete,
};

/**
 * Structural fallback (2026-12) for `pair`: the nearest ancestor of the answer that names its question, or
 * (without data attributes) the nearest `pair`.
 */
function structuralPair(summary: Element): Element | null {
  for (let el = summary.parentElement; el; el = el.parentElement) {
    if (el.hasAttribute('data-q') || el.querySelector(selectors.question)) return el;
  }
  return summary.closest(selectors.pair);
}

/**
 * Structural fallback (2026-12) for `summary` where no data attribute marks it: in each question, the block
 * holding an answer's text beside its hidden source list (Google's other answers there list no sources).
 */
function structuralSummaries(doc: Document): Element[] {
  return [...doc.querySelectorAll(selectors.pair)].flatMap((pair) => structuralLegacyBody(pair) ?? []);
}

/**
 * Structural fallback (2026-12) for the question (`data-q`): the text of the button that expands the panel
 * holding the answer (`aria-controls`), else of the pair's first expanding button.
 */
function structuralQuestion(pair: Element, summary: Element): string {
  const toggles = [...pair.querySelectorAll('[role="button"][aria-controls]')];
  const toggle =
    toggles.find((t) => pair.ownerDocument.getElementById(t.getAttribute('aria-controls') ?? '')?.contains(summary)) ??
    toggles.find((t) => t.hasAttribute('aria-expanded'));
  return toggle?.textContent ?? '';
}

/** The answer is in the page once the question was expanded; there is no streaming state. */
function isComplete(root: Element): boolean {
  return root.querySelector(selectors.sentence) !== null;
}
