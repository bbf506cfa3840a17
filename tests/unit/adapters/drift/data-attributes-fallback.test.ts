import { describe, expect, it } from 'vitest';
import { bing } from '../../../../utils/adapters/bing';
import { HAVE_REAL_PAGES } from '../real-pages';
import { readBeforeAndAfter } from './read-mutated';

describe.skipIf(!HAVE_REAL_PAGES)('fallbacks on real pages without data attributes', () => {
  it('bing reads its source cards and the sentences that link to them', () => {
    const [before, after] = readBeforeAndAfter(
      bing,
      'bing/AI_vs_machine_learning_bing_ai.html',
      'https://www.bing.com/search?q=AI%20vs%20machine%20learning',
      ['data-attributes'],
    );
    const [b, a] = [before[0], after[0]];
    expect(b?.readPaths?.sources).toBe('exact');
    expect(a?.readPaths).toMatchObject({ answer: 'exact', sources: 'structural', citations: 'structural' });
    expect(a?.answer.text).toBe(b?.answer.text);
    expect(a?.sources.map((s) => s.url)).toEqual(b?.sources.map((s) => s.url));
    expect(a?.sources.every((s) => s.title.length > 10)).toBe(true);
    expect(a?.sources.filter((s) => s.citingSentenceIds.length > 0).length).toBeGreaterThan(0);
  });
});
