import { describe, expect, it } from 'vitest';
import { PRESENCE } from '../../../utils/adapters/presence';
import { ADAPTERS } from '../../../utils/adapters/registry';
import { HAVE_REAL_PAGES, loadFacts, loadPage } from './real-pages';

describe('presence selectors (what the detector script looks for)', () => {
  it('exist for every registered adapter, and only for them', () => {
    expect(Object.keys(PRESENCE).sort()).toEqual(ADAPTERS.map((a) => a.id).sort());
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
      expect(doc.querySelector(PRESENCE[adapter.id] ?? ':not(*)'), `${adapter.id} on ${file}`).not.toBeNull();
    }
  });
});
