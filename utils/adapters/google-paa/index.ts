import { makeReading } from '../common/build';
import { GOOGLE_SEARCH_MATCHES, isAiModeUrl } from '../common/google-domains';
import { GOOGLE_FIXTURES } from '../common/google-fixtures';
import { GoogleScriptData } from '../common/google-jsdata';
import { readGoogleLegacy } from '../common/google-legacy';
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
  version: '2',
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
    for (const summary of doc.querySelectorAll(`${selectors.pair} ${selectors.summary}`)) {
      const pair = summary.closest(selectors.pair);
      if (!pair || options?.defer?.(summary)) continue;
      const parts = readGoogleLegacy(summary, pair, url, data);
      if (!parts) continue;
      const question =
        pair.getAttribute('data-q') ?? pair.querySelector(selectors.question)?.getAttribute('data-q') ?? '';
      readings.push(makeReading({ root: summary, query: question, ...parts, complete: isComplete(summary) }));
    }
    return readings;
  },
  isComplete,
};

/** The answer is in the page once the question was expanded; there is no streaming state. */
function isComplete(root: Element): boolean {
  return root.querySelector(selectors.sentence) !== null;
}
