import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { readTaught, taughtAdapter } from '../../../utils/adapters/taught';
import { deriveSelectors, looksGenerated, matchesExactly } from '../../../utils/taught/derive-selectors';

const PAGE = readFileSync(path.resolve(import.meta.dirname, '../../pages/unknown-engine-answer.html'), 'utf8');
const URL_ = 'https://askwell.example/search?q=how+do+tides+work';

const load = (html = PAGE, url = URL_) => new JSDOM(html, { url }).window.document;

describe('looksGenerated', () => {
  it('tells names a build tool made from names a person chose', () => {
    for (const name of ['Qm3vLp', 'x9fK2a', 'YzCcne', 'css-1x2y3z', 'sc-bdVaJa', ':r1:', 'Answer_body__3xk9d', 'a123'])
      expect(looksGenerated(name), name).toBe(true);
    for (const name of ['answer', 'generated-answer', 'answerBody', 'main-content', 'section-2', 'sources'])
      expect(looksGenerated(name), name).toBe(false);
  });
});

describe('deriveSelectors', () => {
  it('prefers a stable attribute over hashed classes, and every selector matches exactly the picked element', () => {
    const doc = load();
    const answer = doc.querySelector('[data-panel="generated-answer"]') as Element;
    const selectors = deriveSelectors(doc, answer);
    expect(selectors[0]).toBe('div[data-panel="generated-answer"]');
    for (const s of selectors) {
      expect(matchesExactly(doc, s, answer), s).toBe(true);
      expect(s).not.toMatch(/Qm3vLp|x9fK2a/);
    }
  });

  it('names an element with nothing stable of its own by a path from the nearest stable ancestor or the body', () => {
    const doc = load();
    const list = doc.querySelector('ol') as Element;
    const selectors = deriveSelectors(doc, list);
    expect(selectors.length).toBeGreaterThan(0);
    for (const s of selectors) expect(matchesExactly(doc, s, list), s).toBe(true);
    expect(selectors.some((s) => s.startsWith('body > '))).toBe(true);
    expect(selectors.join(' ')).not.toMatch(/r8Yt|t7Rw0c/);
  });

  it('prefers an id that reads as words and refuses a generated one', () => {
    const doc = load('<body><div id="answer-panel"><p>x</p></div><div id=":r5:"><p>y</p></div></body>');
    expect(deriveSelectors(doc, doc.getElementById('answer-panel') as Element)[0]).toBe('#answer-panel');
    const reactId = deriveSelectors(doc, doc.getElementById(':r5:') as Element);
    expect(reactId.join(' ')).not.toContain(':r5:');
    expect(reactId).toContain('body > div:nth-of-type(2)');
  });

  it('uses an ARIA role where it is unique', () => {
    const doc = load('<body><div><div role="article" class="zz9Q"><p>answer</p></div></div><div></div></body>');
    expect(deriveSelectors(doc, doc.querySelector('[role=article]') as Element)[0]).toBe('div[role="article"]');
  });
});

describe('the taught adapter', () => {
  const rule = {
    id: 'r1',
    origin: 'https://askwell.example',
    pathPrefix: '/search',
    name: 'askwell.example',
    answer: ['div[data-panel="generated-answer"]'],
    sources: ['body > div > div:nth-of-type(2) > ol'],
  };

  it('reads the answer text, the sources list (canonical, site links left out) and the sentences links cite', () => {
    const doc = load();
    const [reading, ...more] = readTaught(doc, new URL(URL_), rule);
    expect(more).toEqual([]);
    expect(reading?.query).toBe('how do tides work');
    expect(reading?.answer.text).toMatch(/^AI answer\nTides are the rise and fall of the sea/);
    expect(reading?.answer.sentences.length).toBeGreaterThanOrEqual(3);
    expect(reading?.sources.map((s) => s.url)).toEqual([
      'https://oceanservice.noaa.gov/facts/moon-tide.html',
      'https://en.wikipedia.org/wiki/Tide',
      'https://www.britannica.com/science/tide',
    ]);
    expect(reading?.sources[0]?.citingSentenceIds.length).toBe(1);
    expect(reading?.sources[2]?.citingSentenceIds).toEqual([]);
    expect(reading?.readPaths).toEqual({ answer: 'taught', query: 'taught', sources: 'taught' });
    expect(reading?.availability).toEqual({ decomposition: 'not_available', retrieval: 'read', answer: 'read' });
  });

  it('without a sources list takes the links inside the answer; says so when there are none', () => {
    const doc = load();
    const [reading] = readTaught(doc, new URL(URL_), { ...rule, sources: [] });
    expect(reading?.sources.map((s) => s.domain)).toEqual(['oceanservice.noaa.gov', 'en.wikipedia.org']);
    const bare = load('<body><main><p>Just text, no links at all here.</p></main></body>');
    const [plain] = readTaught(bare, new URL(URL_), { ...rule, answer: ['main'], sources: [] });
    expect(plain?.readPaths?.sources).toBe('none');
  });

  it('reads nothing on other paths or origins, and skips a selector the browser cannot parse', () => {
    const doc = load();
    expect(readTaught(doc, new URL('https://askwell.example/about'), rule)).toEqual([]);
    expect(readTaught(doc, new URL('https://other.example/search?q=x'), rule)).toEqual([]);
    const broken = { ...rule, answer: ['div[[', ...rule.answer] };
    expect(readTaught(doc, new URL(URL_), broken)).toHaveLength(1);
    const adapter = taughtAdapter(rule);
    expect(adapter.id).toBe('taught');
    expect(adapter.detect(doc, new URL(URL_))).toBe(true);
  });
});
