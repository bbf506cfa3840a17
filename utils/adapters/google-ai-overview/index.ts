import { makeReading } from '../common/build';
import { readGoogleAim } from '../common/google-aim';
import { GOOGLE_SEARCH_MATCHES, googleQuery, isAiModeUrl } from '../common/google-domains';
import { GOOGLE_FIXTURES } from '../common/google-fixtures';
import { GoogleScriptData } from '../common/google-jsdata';
import { legacyReadPaths, readGoogleLegacy } from '../common/google-legacy';
import { GOOGLE_SELECTORS as G } from '../common/google-selectors';
import type { AdapterReading, SiteAdapter } from '../types';

const selectors = {
  root: G.overviewRoot,
  // Legacy renderer (2025-06): sentences and citation groups.
  answerBody: G.answerBody,
  sentence: G.sentence,
  citationGroup: G.citationGroup,
  sourceLink: G.sourceLink,
  loaded: G.loaded,
  // Newer renderer inside the same root (seen side by side with the legacy one, 2025-06).
  aimBody: G.aimBody,
  aimSource: G.aimSource,
  aimChip: G.aimChip,
  aimComplete: G.aimComplete,
  // "People also ask" answers are read by google-paa, never here.
  excludedAncestor: G.paaPair,
} as const;

/** Google AI Overview at the top of a results page (not AI Mode, not "People also ask"). */
export const googleAiOverview: SiteAdapter = {
  id: 'google-ai-overview',
  version: '4',
  name: 'Google AI Overview',
  matches: GOOGLE_SEARCH_MATCHES,
  urlFilter: (url) => !isAiModeUrl(url),
  testUrls: [
    'https://www.google.com/search?q=how+much+sleep+do+adults+need',
    'https://www.google.co.uk/search?q=ai+vs+machine+learning&hl=en',
  ],
  fixtures: GOOGLE_FIXTURES,
  selectors,
  detect: (doc) => overviewRoots(doc).length > 0,
  read(doc, url) {
    const data = new GoogleScriptData(doc);
    const readings: AdapterReading[] = [];
    for (const root of overviewRoots(doc)) {
      const aimc = root.querySelector(selectors.aimBody);
      const parts = aimc
        ? readGoogleAim(aimc, url, doc.documentElement.getAttribute('lang') || null)
        : readGoogleLegacy(root, root, url, data);
      if (!parts) continue;
      const reading = makeReading({ root, query: googleQuery(doc, url), ...parts, complete: isComplete(root) });
      if (parts.sourcesPath) reading.readPaths = legacyReadPaths(reading, parts.sourcesPath, parts.answerPath);
      readings.push(reading);
    }
    return readings;
  },
  isComplete,
};

/** Outermost Overview roots; nested `[data-mcpr]` are parts of the same Overview. */
function overviewRoots(doc: Document): Element[] {
  return [...doc.querySelectorAll(selectors.root)].filter(
    (el) => !el.parentElement?.closest(selectors.root) && !el.closest(selectors.excludedAncestor),
  );
}

function isComplete(root: Element): boolean {
  return root.querySelector(`${selectors.loaded}, ${selectors.aimComplete}`) !== null;
}
