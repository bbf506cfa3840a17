import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../utils/adapters/common/match-pattern';
import { PRESENCE, presenceSelector } from '../../../utils/adapters/presence';
import { ADAPTERS } from '../../../utils/adapters/registry';
import { HAVE_REAL_PAGES, loadFacts, loadPage } from './real-pages';

const presence = (id: string) => PRESENCE[id] ?? { urls: /^$/, selector: ':not(*)' };

describe('presence selectors (what the detector script looks for)', () => {
  it('exist for every registered adapter, and only for them', () => {
    expect(Object.keys(PRESENCE).sort()).toEqual(ADAPTERS.map((a) => a.id).sort());
  });

  it("apply exactly where the adapter's match patterns do, on every known test and saved-page address", () => {
    const urls = new Set(ADAPTERS.flatMap((a) => a.testUrls));
    if (HAVE_REAL_PAGES) for (const fact of loadFacts()) urls.add(fact.url);
    urls.add('https://www.google.co.uk/search?q=sleep');
    urls.add('https://www.bing.com/copilotsearch?q=sleep');
    expect(urls.size).toBeGreaterThan(ADAPTERS.length);
    for (const adapter of ADAPTERS) {
      for (const url of urls) {
        const claimed = adapter.matches.some((p) => matchesPattern(p, new URL(url)));
        expect(presence(adapter.id).urls.test(url), `${adapter.id} at ${url}`).toBe(claimed);
      }
    }
  });

  it('give no selector where no adapter reads answers', () => {
    expect(presenceSelector('https://example.org/search?q=sleep')).toBe('');
    expect(presenceSelector('https://www.google.com/maps')).toBe('');
  });

  it("on a Google results page, do not take Google's results column (role=main) for Copilot Search's answer", () => {
    const google = presenceSelector('https://www.google.com/search?q=sleep');
    expect(google).not.toContain('[role="main"]');
    expect(presenceSelector('https://www.bing.com/copilotsearch?q=sleep')).toContain('[role="main"]');
  });

  it.skipIf(!HAVE_REAL_PAGES)('match a saved page wherever the adapter reads an answer', () => {
    const facts = loadFacts();
    for (const adapter of ADAPTERS) {
      const file = adapter.fixtures[0];
      const fact = facts.find((f) => f.file === file);
      if (!file || !fact) continue;
      const doc = loadPage(file, fact.url);
      const url = new URL(fact.url);
      if (adapter.read(doc, url).length === 0) continue;
      expect(doc.querySelector(presence(adapter.id).selector), `${adapter.id} on ${file}`).not.toBeNull();
      expect(doc.querySelector(presenceSelector(fact.url)), `detector on ${file}`).not.toBeNull();
    }
  });

  it.skipIf(!HAVE_REAL_PAGES)('match no saved page that has no AI answer, so the overlay is not injected there', () => {
    const empty = loadFacts().filter((f) => f.hasAnswer === false);
    expect(empty.length).toBeGreaterThan(0);
    for (const fact of empty) {
      const doc = loadPage(fact.file, fact.url);
      expect(doc.querySelector(presenceSelector(fact.url)), fact.file).toBeNull();
    }
  });
});
