import { makeReading } from '../common/build';
import { readGoogleAim, structuralAimBody } from '../common/google-aim';
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

/**
 * Structural fallback (2026-12) for `root`, used only when no `[data-mcpr]` is on the page (data attributes
 * dropped): the Overview's loader (`loaded` without its data attribute), taken out to the block its heading
 * titles ("AI Overview").
 */
const STRUCTURAL = {
  loader: '[jscontroller="EYwa3d"]',
  heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
} as const;

/** Google AI Overview at the top of a results page (not AI Mode, not "People also ask"). */
export const googleAiOverview: SiteAdapter = {
  id: 'google-ai-overview',
  version: '5',
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
    const exact = overviewRoots(doc);
    const structural = exact.length === 0;
    for (const root of structural ? structuralOverviewRoots(doc) : exact) {
      // Without data attributes the newer renderer's body is found by its paragraphs (as AI Mode's is).
      const aimc = root.querySelector(selectors.aimBody) ?? (structural ? structuralAimBody(doc, root) : null);
      const parts = aimc
        ? readGoogleAim(aimc, url, doc.documentElement.getAttribute('lang') || null)
        : readGoogleLegacy(root, root, url, data);
      if (!parts) continue;
      const reading = makeReading({ root, query: googleQuery(doc, url), ...parts, complete: isComplete(root) });
      const answerPath = structural ? 'structural' : parts.answerPath;
      if (parts.sourcesPath) reading.readPaths = legacyReadPaths(reading, parts.sourcesPath, answerPath);
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

/** The Overview's loader outside "People also ask", as the block under its heading (see STRUCTURAL). */
function structuralOverviewRoots(doc: Document): Element[] {
  const roots = [...doc.querySelectorAll(STRUCTURAL.loader)]
    .filter((loader) => !loader.closest(selectors.excludedAncestor))
    .map((loader) => {
      let el = loader.parentElement;
      for (let up = 0; el && el !== doc.body && up < 4; up++, el = el.parentElement) {
        if ([...el.children].some((child) => child.matches(STRUCTURAL.heading))) return el;
      }
      return loader;
    });
  return roots.filter((root, i) => roots.indexOf(root) === i && !roots.some((r) => r !== root && r.contains(root)));
}

function isComplete(root: Element): boolean {
  return root.querySelector(`${selectors.loaded}, ${selectors.aimComplete}`) !== null;
}
