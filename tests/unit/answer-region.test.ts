import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterReading } from '../../utils/adapters/types';
import { ROOT_MARK, snapshotPage } from '../../utils/content/page-snapshot';
import { trimToAnswerRegion } from '../../utils/report/answer-region';
import { pageUrlOfReport } from '../../utils/report/report-file';

const URL = 'https://answers.example/search?q=sleep';
const PAGE = `<!DOCTYPE html><html><head><title>sleep</title><style>.x{}</style>
<script src="https://cdn.example/app.js"></script></head><body>
<header><a href="/account">Signed in as someone@example.org</a></header>
<main><h1 class="question">how much sleep</h1>
<div class="results"><p>an unrelated result</p><p>another one</p></div>
<section class="answer">Most adults need seven hours.<stageback-strip data-wxt-shadow-root=""></stageback-strip></section>
<ol class="sources"><li><a href="/cdc">CDC</a></li></ol>
<style data-stageback="highlights">::highlight(x){}</style></main>
<footer>Privacy</footer><input name="q" value=""></body></html>`;

/** A reader shaped like an adapter's: the question, the answer and sources read from three places. */
function read(doc: Document): AdapterReading[] {
  const root = doc.querySelector('.answer');
  if (!root) return [];
  const links = [...doc.querySelectorAll<HTMLAnchorElement>('.sources a')];
  return [
    {
      root,
      query: doc.querySelector('.question')?.textContent ?? '',
      lang: null,
      subqueries: [],
      sources: links.map((a, i) => ({
        id: `s${i}`,
        url: a.href,
        title: a.textContent ?? '',
        domain: '',
        position: i,
        citingSentenceIds: [],
      })),
      answer: { text: root.textContent ?? '', sentences: [], complete: true },
      availability: { decomposition: 'not_available', retrieval: 'read', answer: 'read' },
    },
  ];
}

const saved = globalThis.DOMParser;
beforeAll(() => {
  globalThis.DOMParser = new JSDOM('').window.DOMParser;
});
afterAll(() => {
  globalThis.DOMParser = saved;
});

describe('the answer region of a reported page', () => {
  it('keeps what the answer is read from, and leaves out the rest of the page and Stageback’s UI', () => {
    const { document } = new JSDOM(PAGE, { url: URL }).window;
    (document.querySelector('input[name="q"]') as HTMLInputElement).value = 'sleep typed';
    const snapshot = snapshotPage(document, [document.querySelector('.answer') as Element]);
    expect(document.querySelector(`[${ROOT_MARK}]`)).toBeNull(); // the page itself is not touched
    expect(snapshot).toContain('value="sleep typed"'); // a field as the user left it
    const region = trimToAnswerRegion(snapshot, URL, { read, at: new Date('2026-12-04T00:00:00Z') });
    expect(region).toMatchObject({ trimmed: true, answers: 1 });
    const { document: file } = new JSDOM(region.html, { url: URL }).window;
    expect(read(file).map(({ root: _, ...r }) => r)).toEqual(read(document).map(({ root: _, ...r }) => r));
    expect(region.html).not.toMatch(/stageback-strip|data-stageback|data-wxt|someone@example|unrelated result|Privacy/);
    expect(region.html).not.toContain('cdn.example');
    expect(region.html).not.toContain(ROOT_MARK);
    expect(file.querySelector('base')).toBeNull();
    expect(pageUrlOfReport(region.html)).toBe(URL);
  });

  it('keeps the whole page when the answer cannot be read from the copy, and when time runs out', () => {
    const { document } = new JSDOM(PAGE, { url: URL }).window;
    const snapshot = snapshotPage(document, [document.querySelector('.answer') as Element]);
    const unread = trimToAnswerRegion(snapshot, URL, { read: () => [] });
    expect(unread).toMatchObject({ trimmed: false, answers: 0 });
    expect(unread.html).toContain('unrelated result');
    let t = 0;
    const late = trimToAnswerRegion(snapshot, URL, { read, budgetMs: 1, now: () => t++ });
    expect(late.trimmed).toBe(false);
    expect(late.html).toContain('unrelated result');
  });
});
