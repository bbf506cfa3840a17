import { makeReading } from '../common/build';
import { readGoogleAim, structuralAimBody } from '../common/google-aim';
import { GOOGLE_SEARCH_MATCHES, googleQuery, isAiModeUrl } from '../common/google-domains';
import { legacyReadPaths } from '../common/google-legacy';
import { GOOGLE_SELECTORS as G } from '../common/google-selectors';
import type { AdapterReading, SiteAdapter } from '../types';

const selectors = {
  // AI Mode turns (notes 2026-11, medium confidence): one question and its answer each.
  turn: G.aimTurn,
  turnQuery: G.aimTurnQuery,
  body: G.aimBody,
  paragraph: G.aimParagraph,
  chip: G.aimChip,
  source: G.aimSource,
  complete: G.aimComplete,
  loaded: G.loaded,
} as const;

/**
 * Google AI Mode (`/search?udm=50`). Claims only udm=50 URLs, so it never runs
 * beside google-ai-overview. Without turn markers it reads each `[data-subtree="aimc"]`.
 */
export const googleAiMode: SiteAdapter = {
  id: 'google-ai-mode',
  version: '2',
  name: 'Google AI Mode',
  matches: GOOGLE_SEARCH_MATCHES,
  urlFilter: isAiModeUrl,
  testUrls: [
    'https://www.google.com/search?udm=50&q=how+to+invest+in+stocks',
    'https://www.google.fr/search?q=comment+investir&udm=50',
  ],
  fixtures: ['google/how_to_invest_in_stocks_google_ai.html', 'google/how_to_write_a_resume_google_ai.html'],
  selectors,
  detect: (doc) => doc.querySelector(selectors.body) !== null,
  read(doc, url) {
    const lang = doc.documentElement.getAttribute('lang') || null;
    const turns = [...doc.querySelectorAll(selectors.turn)];
    const bodies = turns.length > 0 ? turns : [...doc.querySelectorAll(selectors.body)];
    // Without turn or body markers (data attributes dropped), the answer is found by structure.
    const fallback = bodies.length === 0 ? structuralAimBody(doc) : null;
    const roots = fallback ? [fallback] : bodies;
    const readings: AdapterReading[] = [];
    for (const root of roots) {
      const body = root === fallback || root.matches(selectors.body) ? root : root.querySelector(selectors.body);
      const parts = body ? readGoogleAim(body, url, lang) : null;
      if (!parts) continue;
      const turnQuery = root.querySelector(selectors.turnQuery)?.textContent?.trim();
      const query = turnQuery || googleQuery(doc, url);
      const reading = makeReading({ root, query, ...parts, complete: isComplete(root) });
      const answerPath = root === fallback ? 'structural' : parts.answerPath;
      if (parts.sourcesPath) reading.readPaths = legacyReadPaths(reading, parts.sourcesPath, answerPath);
      readings.push(reading);
    }
    return readings;
  },
  isComplete,
};

/**
 * A completion marker on or in the turn; otherwise a page-level marker (Google also puts
 * `data-complete` on a script element) counts for the newest turn only.
 */
function isComplete(root: Element): boolean {
  if (root.querySelector(selectors.complete) || root.closest(`${selectors.complete}, ${selectors.loaded}`)) return true;
  const doc = root.ownerDocument;
  if (!doc.querySelector(selectors.complete)) return false;
  const turns = doc.querySelectorAll(root.matches(selectors.turn) ? selectors.turn : selectors.body);
  return turns[turns.length - 1] === root;
}
