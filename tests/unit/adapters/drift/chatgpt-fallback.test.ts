import { describe, expect, it } from 'vitest';
import { chatgpt } from '../../../../utils/adapters/chatgpt';
import { HAVE_REAL_PAGES } from '../real-pages';
import { readBeforeAndAfter, readingCore } from './read-mutated';

const FILE = 'chatgpt/chat-simple-2026-01-29.html';
const URL_ = 'https://chatgpt.com/c/6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f';

describe.skipIf(!HAVE_REAL_PAGES)('chatgpt structural fallbacks on a real conversation', () => {
  it('reads every answer by its Markdown blocks once classes are renamed', () => {
    const [before, after] = readBeforeAndAfter(chatgpt, FILE, URL_, ['classes']);
    expect(before).toHaveLength(5);
    expect(before.every((r) => r.readPaths?.answer === 'exact')).toBe(true);
    expect(after.map((r) => r.readPaths?.answer)).toEqual(before.map(() => 'structural'));
    expect(after.map(readingCore)).toEqual(before.map(readingCore));
  });

  it('finds turns, questions and cited links without data attributes (and classes)', () => {
    const [before, after] = readBeforeAndAfter(chatgpt, FILE, URL_, ['data-attributes', 'classes']);
    expect(after.map(readingCore)).toEqual(before.map(readingCore));
    const cited = after[4];
    expect(cited?.sources.length).toBe(3);
    expect(cited?.readPaths).toEqual({
      answer: 'structural',
      query: 'structural',
      sources: 'structural',
      citations: 'structural',
    });
    // The turns' screen-reader headings ("You said:") are not part of the question.
    expect(after.every((r) => !r.query.includes('said'))).toBe(true);
  });
});
