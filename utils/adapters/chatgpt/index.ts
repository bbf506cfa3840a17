import { extractText } from '../../text/extract';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { buildSources, cite, declaredLang, makeReading, segmentedSentences, sentenceAt } from '../common/build';
import { lastBefore } from '../common/doc-order';
import type { ReadPath } from '../read-paths';
import type { AdapterReading, SiteAdapter } from '../types';
import { fetchChatgptSiteData } from './site-data';
import { markdownBody, STRUCTURAL, structuralTurns } from './structure';

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
  version: '2',
  name: 'ChatGPT search',
  matches: ['https://chatgpt.com/*'],
  testUrls: ['https://chatgpt.com/c/6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f', 'https://chatgpt.com/?q=how+much+sleep'],
  fixtures: ['chatgpt/chat-simple-2026-01-29.html'],
  selectors,
  detect: (doc) => doc.querySelector(`${selectors.assistant} ${selectors.answer}`) !== null,
  read(doc, url) {
    const exactTurns = doc.querySelector(selectors.assistant) !== null;
    const turnPath: ReadPath = exactTurns ? 'exact' : 'structural';
    const turns = exactTurns ? null : structuralTurns(doc);
    const users = turns
      ? turns.filter((t) => t.role === 'user').map((t) => t.el)
      : [...doc.querySelectorAll(selectors.user)];
    const assistants = turns
      ? turns.filter((t) => t.role === 'assistant').map((t) => t.el)
      : [...doc.querySelectorAll(selectors.assistant)];
    const readings: AdapterReading[] = [];
    for (const root of assistants) {
      const exactBody = root.querySelector(selectors.answer);
      const body = exactBody ?? markdownBody(root);
      if (!body) continue;
      const answerPath: ReadPath = exactBody && exactTurns ? 'exact' : 'structural';
      let citationPath: ReadPath = 'exact';
      let { text, points } = extractText(body, { points: selectors.citationPill });
      if (points.length === 0 && !exactTurns) {
        const fallback = extractText(body, { points: STRUCTURAL.citation });
        if (fallback.points.length > 0) ({ text, points, citationPath } = { ...fallback, citationPath: 'structural' });
      }
      if (!text) continue;
      const lang = declaredLang(body);
      const sentences = segmentedSentences(text, lang);
      const chips = points.map((p) => ({
        at: p.start,
        url: tryCanonicalizeUrl(citationLink(p.element)?.getAttribute('href'), url),
      }));
      const sources = buildSources(
        chips.map((c) => ({ href: c.url })),
        url,
      );
      for (const chip of chips) {
        const sentence = sentenceAt(sentences, chip.at);
        if (sentence) cite(sources, [chip.url], [sentence.id]);
      }
      const question = lastBefore(root, users);
      const query = !question ? '' : exactTurns ? (question.textContent ?? '') : questionText(question);
      const reading = makeReading({ root, query, lang, text, sentences, sources, complete: isComplete(root) });
      reading.readPaths = {
        answer: answerPath,
        query: reading.query ? turnPath : 'none',
        ...(sources.length > 0 ? { sources: citationPath } : {}),
        ...(sources.some((s) => s.citingSentenceIds.length > 0) ? { citations: citationPath } : {}),
      };
      readings.push(reading);
    }
    return readings;
  },
  isComplete,
  fetchSiteData: (url) => fetchChatgptSiteData(url),
};

function citationLink(chip: Element): Element | null {
  return chip.matches(selectors.citationLink) ? chip : chip.querySelector(selectors.citationLink);
}

/** A question turn's text without its screen-reader heading. */
function questionText(turn: Element): string {
  return extractText(turn, { skip: STRUCTURAL.heading }).text;
}

/** Streaming shows a stop button (for the newest message) and marks the turn busy. */
function isComplete(root: Element): boolean {
  if (root.closest(selectors.busy) || root.querySelector(selectors.busy)) return false;
  const doc = root.ownerDocument;
  if (!doc.querySelector(selectors.stop)) return true;
  const all = doc.querySelectorAll(selectors.assistant);
  return all[all.length - 1] !== root;
}
