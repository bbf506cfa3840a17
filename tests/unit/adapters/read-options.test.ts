import { describe, expect, it } from 'vitest';
import { googlePaa } from '../../../utils/adapters/google-paa';
import { HAVE_REAL_PAGES, loadPage } from './real-pages';

const FILE = 'google/what_is_quantum_computing_google_ai.html';
const URL_ = 'https://www.google.com/search?q=what+is+quantum+computing';

describe.skipIf(!HAVE_REAL_PAGES)('read options', () => {
  it('leaves a "People also ask" answer unread when the overlay defers it, and reads the others', () => {
    const doc = loadPage(FILE, URL_);
    const all = googlePaa.read(doc, new URL(URL_));
    expect(all.length).toBe(2);

    const asked: Element[] = [];
    const [first, second] = all;
    const some = googlePaa.read(doc, new URL(URL_), {
      defer: (root) => {
        asked.push(root);
        return root === first?.root;
      },
    });
    expect(asked).toEqual([first?.root, second?.root]);
    expect(some.map((r) => r.query)).toEqual([second?.query]);
    expect(some[0]?.answer.text).toBe(second?.answer.text);
  });

  it('reads everything when nothing is deferred (the CLI and the conformance tests)', () => {
    const doc = loadPage(FILE, URL_);
    expect(googlePaa.read(doc, new URL(URL_), { defer: () => false })).toEqual(googlePaa.read(doc, new URL(URL_)));
  });
});
