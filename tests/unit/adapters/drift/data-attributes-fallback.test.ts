import { describe, expect, it } from 'vitest';
import { bing } from '../../../../utils/adapters/bing';
import { googleAiMode } from '../../../../utils/adapters/google-ai-mode';
import { HAVE_REAL_PAGES } from '../real-pages';
import { readBeforeAndAfter, readingCore } from './read-mutated';

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

  it('google-ai-mode finds the answer by its paragraphs and listed sources', () => {
    const [before, after] = readBeforeAndAfter(
      googleAiMode,
      'google/how_to_write_a_resume_google_ai.html',
      'https://www.google.com/search?q=how%20to%20write%20a%20resume&udm=50',
      ['data-attributes'],
    );
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(after[0]?.readPaths).toMatchObject({ answer: 'structural', sources: 'structural' });
    // Citations need the chips' data attributes; answer, query and sources do not.
    const core = (r = after[0]) => ({ ...readingCore(r), sources: r?.sources.map((s) => s.url) });
    expect(core(after[0])).toEqual(core(before[0]));
    expect(after[0]?.sources.length).toBeGreaterThan(10);
  });
});
