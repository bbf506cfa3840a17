import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, seededRandom } from '../../../../scripts/drift/mutate';
import { perplexity } from '../../../../utils/adapters/perplexity';
import type { AdapterReading } from '../../../../utils/adapters/types';
import { HAVE_REAL_PAGES, loadPage } from '../real-pages';
import { readBeforeAndAfter } from './read-mutated';

const FILE = 'perplexity/how_to_improve_sleep_perplexity.html';
const URL_ = new URL('https://www.perplexity.ai/search/how-to-improve-sleep');

describe.skipIf(!HAVE_REAL_PAGES)('perplexity structural fallback on a real page with renamed classes', () => {
  let doc: Document | null = null;
  let before: AdapterReading[] = [];
  let after: AdapterReading[] = [];

  beforeAll(() => {
    doc = loadPage(FILE, URL_.href);
    before = perplexity.read(doc, URL_);
    mutate(doc.documentElement, 'classes', seededRandom(19), []);
    after = perplexity.read(doc, URL_);
  });
  afterAll(() => doc?.defaultView?.close());

  it('reads the unmutated page by its exact selectors', () => {
    expect(before).toHaveLength(1);
    expect(before[0]?.readPaths).toMatchObject({ answer: 'exact', query: 'exact', sources: 'exact' });
  });

  it('reads the same query and sources structurally once classes are renamed', () => {
    expect(after).toHaveLength(1);
    const [b, a] = [before[0] as AdapterReading, after[0] as AdapterReading];
    expect(a.readPaths).toMatchObject({ query: 'structural', sources: 'structural', citations: 'structural' });
    expect(a.query).toBe(b.query);
    expect(a.sources.map((s) => s.url)).toEqual(b.sources.map((s) => s.url));
    expect(a.answer.text.length).toBeGreaterThan(0.9 * b.answer.text.length);
  });
});

describe.skipIf(!HAVE_REAL_PAGES)('perplexity follow-up questions with renamed classes', () => {
  it('reads each follow-up as the question of its own answer, by the first question’s class list', () => {
    const [before, after] = readBeforeAndAfter(
      perplexity,
      'perplexity/devtools-chat-simple-2026-02-02.html',
      'https://www.perplexity.ai/search/devtools-chat-simple',
      ['classes'],
    );
    expect(before.map((r) => r.query)).toHaveLength(2);
    expect(new Set(before.map((r) => r.query)).size).toBe(2);
    expect(after.map((r) => r.query)).toEqual(before.map((r) => r.query));
    expect(after.every((r) => r.readPaths?.query === 'structural')).toBe(true);
  });
});
