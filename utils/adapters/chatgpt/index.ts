import { extractText } from '../../text/extract';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { buildSources, cite, declaredLang, makeReading, segmentedSentences, sentenceAt } from '../common/build';
import { lastBefore } from '../common/doc-order';
import type { AdapterReading, SiteAdapter } from '../types';
import { fetchChatgptSiteData } from './site-data';

const selectors = {
  // 2026-01: messages carry their author role; the answer is Markdown rendered in `.markdown.prose`.
  assistant: '[data-message-author-role="assistant"]',
  user: '[data-message-author-role="user"]',
  answer: '.markdown.prose',
  citationPill: '[data-testid="webpage-citation-pill"]',
  citationLink: 'a[href]',
  stop: '[data-testid="stop-button"]',
  busy: '[aria-busy="true"]',
} as const;

/** ChatGPT conversations: one reading per assistant message with Markdown text. */
export const chatgpt: SiteAdapter = {
  id: 'chatgpt',
  version: '1',
  name: 'ChatGPT search',
  matches: ['https://chatgpt.com/*'],
  testUrls: ['https://chatgpt.com/c/6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f', 'https://chatgpt.com/?q=how+much+sleep'],
  fixtures: ['chatgpt/chat-simple-2026-01-29.html'],
  selectors,
  detect: (doc) => doc.querySelector(`${selectors.assistant} ${selectors.answer}`) !== null,
  read(doc, url) {
    const users = [...doc.querySelectorAll(selectors.user)];
    const readings: AdapterReading[] = [];
    for (const root of doc.querySelectorAll(selectors.assistant)) {
      const body = root.querySelector(selectors.answer);
      if (!body) continue;
      const { text, points } = extractText(body, { points: selectors.citationPill });
      if (!text) continue;
      const lang = declaredLang(body);
      const sentences = segmentedSentences(text, lang);
      const chips = points.map((p) => ({
        at: p.start,
        url: tryCanonicalizeUrl(p.element.querySelector(selectors.citationLink)?.getAttribute('href'), url),
      }));
      const sources = buildSources(
        chips.map((c) => ({ href: c.url })),
        url,
      );
      for (const chip of chips) {
        const sentence = sentenceAt(sentences, chip.at);
        if (sentence) cite(sources, [chip.url], [sentence.id]);
      }
      const question = lastBefore(root, users)?.textContent ?? '';
      readings.push(makeReading({ root, query: question, lang, text, sentences, sources, complete: isComplete(root) }));
    }
    return readings;
  },
  isComplete,
  fetchSiteData: (url) => fetchChatgptSiteData(url),
};

/** Streaming shows a stop button (for the newest message) and marks the turn busy. */
function isComplete(root: Element): boolean {
  if (root.closest(selectors.busy) || root.querySelector(selectors.busy)) return false;
  const doc = root.ownerDocument;
  if (!doc.querySelector(selectors.stop)) return true;
  const all = doc.querySelectorAll(selectors.assistant);
  return all[all.length - 1] !== root;
}
