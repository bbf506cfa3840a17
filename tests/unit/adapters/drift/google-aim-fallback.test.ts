import { describe, expect, it } from 'vitest';
import { googleAiMode } from '../../../../utils/adapters/google-ai-mode';
import { googleAiOverview } from '../../../../utils/adapters/google-ai-overview';
import { HAVE_REAL_PAGES } from '../real-pages';
import { readBeforeAndAfter, readingCore } from './read-mutated';

// Overviews in Google's newer renderer, the one AI Mode shares.
const FILE = 'google/how_to_invest_in_stocks_google_ai.html';
const OVERVIEW_URL = 'https://www.google.com/search?q=how%20to%20invest%20in%20stocks';
const AI_MODE_URL = `${OVERVIEW_URL}&udm=50`;

describe.skipIf(!HAVE_REAL_PAGES)("Google's newer renderer on a real page with renamed classes", () => {
  it('google-ai-overview reads the same answer, sources and citations structurally', () => {
    const [before, after] = readBeforeAndAfter(googleAiOverview, FILE, OVERVIEW_URL, ['classes']);
    expect(before).toHaveLength(1);
    expect(before[0]?.readPaths).toMatchObject({ answer: 'exact', sources: 'exact', citations: 'exact' });
    expect(before[0]?.sources.length).toBeGreaterThan(10);
    expect(after).toHaveLength(1);
    expect(after[0]?.readPaths).toMatchObject({ answer: 'structural', sources: 'structural', citations: 'structural' });
    expect(readingCore(after[0])).toEqual(readingCore(before[0]));
  });

  it('google-ai-mode reads the same answer and sources structurally', () => {
    const [before, after] = readBeforeAndAfter(googleAiMode, FILE, AI_MODE_URL, ['classes']);
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(after[0]?.readPaths).toMatchObject({ answer: 'structural', sources: 'structural' });
    expect(readingCore(after[0])).toEqual(readingCore(before[0]));
  });

  it('reads the whole answer when extra wrappers split its column', () => {
    const [before, after] = readBeforeAndAfter(
      googleAiOverview,
      'google/how_to_write_a_resume_google_ai.html',
      'https://www.google.com/search?q=how%20to%20write%20a%20resume',
      ['wrappers'],
    );
    // Wrapping inline parts in blocks may turn a space into a line break; the words stay.
    const words = (text = '') => text.split(/\s+/);
    expect(words(after[0]?.answer.text)).toEqual(words(before[0]?.answer.text));
    expect(before[0]?.answer.text.length).toBeGreaterThan(1000);
  });
});
