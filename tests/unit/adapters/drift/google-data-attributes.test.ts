import { describe, expect, it } from 'vitest';
import { readsAsReference } from '../../../../scripts/drift/compare';
import { googleAiOverview } from '../../../../utils/adapters/google-ai-overview';
import { googlePaa } from '../../../../utils/adapters/google-paa';
import type { AdapterReading } from '../../../../utils/adapters/types';
import { HAVE_REAL_PAGES } from '../real-pages';
import { readBeforeAndAfter } from './read-mutated';

const search = (q: string) => `https://www.google.com/search?q=${encodeURIComponent(q)}`;

describe.skipIf(!HAVE_REAL_PAGES)("Google's legacy answers on real pages without data attributes", () => {
  it('google-ai-overview reads the answer, query and sources by structure, with citations from its chips', () => {
    const [before, after] = readBeforeAndAfter(
      googleAiOverview,
      'google/AI_vs_machine_learning_google_ai.html',
      search('AI vs machine learning'),
      ['data-attributes'],
    );
    const [b, a] = [before[0] as AdapterReading, after[0] as AdapterReading];
    expect(b.readPaths).toMatchObject({ answer: 'exact', sources: 'exact' });
    expect(after).toHaveLength(1);
    expect(a.readPaths).toMatchObject({
      answer: 'structural',
      query: 'exact',
      sources: 'exact',
      citations: 'structural',
    });
    expect(a.answer.text).toBe(b.answer.text);
    expect(a.query).toBe(b.query);
    expect(a.sources.map((s) => s.url)).toEqual(b.sources.map((s) => s.url));
    expect(a.answer.sentences.length).toBeGreaterThan(5);
    expect(a.sources.some((s) => s.citingSentenceIds.length > 0)).toBe(true);
  });

  it('google-ai-overview finds a newer-renderer Overview by its paragraphs inside the structural root', () => {
    const [before, after] = readBeforeAndAfter(
      googleAiOverview,
      'google/how_to_write_a_resume_google_ai.html',
      search('how to write a resume'),
      ['data-attributes'],
    );
    expect(after).toHaveLength(1);
    expect(after[0]?.readPaths).toMatchObject({ answer: 'structural', sources: 'structural' });
    expect(readsAsReference(before[0] as AdapterReading, after[0] as AdapterReading)).toBe(true);
  });

  it('google-paa reads each AI answer with its question, and no other "People also ask" answer', () => {
    const [before, after] = readBeforeAndAfter(
      googlePaa,
      'google/AI_vs_machine_learning_google_ai.html',
      search('AI vs machine learning'),
      ['data-attributes'],
    );
    expect(before).toHaveLength(2);
    expect(after.map((r) => r.query)).toEqual(before.map((r) => r.query));
    for (const [i, a] of after.entries()) {
      expect(a.readPaths).toMatchObject({ answer: 'structural', query: 'structural', sources: 'exact' });
      expect(readsAsReference(before[i] as AdapterReading, a)).toBe(true);
    }
  });

  it('still reads no answer on pages without one', () => {
    for (const [file, q] of [
      ['google/how_to_use_ChatGPT_google_ai.html', 'how to use ChatGPT'],
      ['google/how_to_code_in_Python_google_ai.html', 'how to code in Python'],
    ] as const) {
      for (const adapter of [googleAiOverview, googlePaa]) {
        const [before, after] = readBeforeAndAfter(adapter, file, search(q), ['data-attributes']);
        expect(before, `${adapter.id} on ${file}`).toEqual([]);
        expect(after, `${adapter.id} on ${file} without data attributes`).toEqual([]);
      }
    }
  });

  it('google-ai-overview reads no Overview on a page whose only AI answers are in "People also ask"', () => {
    const [before, after] = readBeforeAndAfter(
      googleAiOverview,
      'google/how_to_meditate_properly_google_ai.html',
      search('how to meditate properly'),
      ['data-attributes'],
    );
    expect(before).toEqual([]);
    expect(after).toEqual([]);
  });
});
