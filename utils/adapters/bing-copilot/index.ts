import { extractText } from '../../text/extract';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { buildSources, cite, declaredLang, makeReading, segmentedSentences, sentenceAt } from '../common/build';
import type { SiteAdapter } from '../types';

/**
 * UNVERIFIED (no saved page; code evidence only, 2024-12): the Copilot Search shell is
 * `#b_copilot_search` / `.b_cs_canvas`, the answer lives in `iframe[aria-label*="result container"]`
 * and `.b_cs_disclaimer` appears once it is generated. The markup inside the frame is unknown,
 * so the frame's answer is read generically: its main region's text, with external links as citations.
 */
const selectors = {
  shell: '#b_copilot_search, .b_cs_canvas',
  frame: 'iframe[aria-label*="result container"]',
  disclaimer: '.b_cs_disclaimer',
  // Guesses for the frame document, in order of preference.
  frameAnswer: '[role="main"], main, .b_cs_canvas, body',
  citation: 'a[href^="http"]',
} as const;

/** Hosts whose links are Bing's own UI, not cited sources. */
const OWN_HOSTS = /(^|\.)(bing|microsoft|msn|live)\.com$/;

/**
 * Bing Copilot Search (`/copilotsearch`). The content script runs in all frames, so this
 * reads whichever document it is given: the result-container frame (when it is the document
 * itself), or the frame reached from the shell when it is same-origin.
 */
export const bingCopilot: SiteAdapter = {
  id: 'bing-copilot',
  version: '0.1',
  // No saved Copilot Search page exists to test against (fixtures: []): the options say so in words.
  name: 'Bing Copilot Search',
  matches: ['https://www.bing.com/copilotsearch*'],
  testUrls: [
    'https://www.bing.com/copilotsearch?q=how+to+improve+sleep',
    'https://www.bing.com/copilotsearch?q=ai&FORM=CSSCOP',
  ],
  fixtures: [],
  selectors,
  detect: (doc) => answerDocument(doc) !== null,
  read(doc, url) {
    const frameDoc = answerDocument(doc);
    if (!frameDoc) return [];
    const root = frameDoc.querySelector(selectors.frameAnswer);
    if (!root) return [];
    const { text, points } = extractText(root, { points: selectors.citation, skip: selectors.disclaimer });
    if (!text) return [];
    const lang = declaredLang(root);
    const sentences = segmentedSentences(text, lang);
    const chips = points
      .map((p) => ({ at: p.start, url: tryCanonicalizeUrl(p.element.getAttribute('href'), url) }))
      .filter((c) => c.url && !OWN_HOSTS.test(new URL(c.url).hostname));
    const sources = buildSources(
      chips.map((c) => ({ href: c.url, title: null })),
      url,
    );
    for (const chip of chips) {
      const sentence = sentenceAt(sentences, chip.at);
      if (sentence) cite(sources, [chip.url], [sentence.id]);
    }
    const query = url.searchParams.get('q') ?? '';
    return [makeReading({ root, query, lang, text, sentences, sources, complete: isComplete(root) })];
  },
  isComplete,
};

/** The document holding the answer: a same-origin result frame, or this document when it is that frame. */
function answerDocument(doc: Document): Document | null {
  const frame = doc.querySelector<HTMLIFrameElement>(selectors.frame);
  if (frame) {
    try {
      return frame.contentDocument;
    } catch {
      return null;
    }
  }
  const isFrame = doc.defaultView !== null && doc.defaultView !== doc.defaultView.top;
  return isFrame || doc.querySelector(selectors.disclaimer) ? doc : null;
}

function isComplete(root: Element): boolean {
  return root.ownerDocument.querySelector(selectors.disclaimer) !== null;
}
