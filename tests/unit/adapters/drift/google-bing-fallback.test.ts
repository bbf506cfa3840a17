import { describe, expect, it } from 'vitest';
import { mutate, seededRandom } from '../../../../scripts/drift/mutate';
import { bing } from '../../../../utils/adapters/bing';
import { googleAiOverview } from '../../../../utils/adapters/google-ai-overview';
import type { AdapterReading, SiteAdapter } from '../../../../utils/adapters/types';
import { HAVE_REAL_PAGES, loadPage } from '../real-pages';

/** The adapter's readings of a saved page before and after its class names are renamed. */
function readBeforeAndAfter(adapter: SiteAdapter, file: string, href: string): [AdapterReading[], AdapterReading[]] {
  const doc = loadPage(file, href);
  try {
    const url = new URL(href);
    const before = adapter.read(doc, url);
    mutate(doc.documentElement, 'classes', seededRandom(19), []);
    return [before, adapter.read(doc, url)];
  } finally {
    doc.defaultView?.close();
  }
}

describe.skipIf(!HAVE_REAL_PAGES)('structural fallbacks on real pages with renamed classes', () => {
  it('google-ai-overview reads the same sources and citations structurally', () => {
    const [before, after] = readBeforeAndAfter(
      googleAiOverview,
      'google/AI_vs_machine_learning_google_ai.html',
      'https://www.google.com/search?q=AI%20vs%20machine%20learning',
    );
    const [b, a] = [before[0] as AdapterReading, after[0] as AdapterReading];
    expect(b.readPaths?.sources).toBe('exact');
    expect(a.readPaths).toMatchObject({ sources: 'structural', citations: 'structural' });
    expect(a.answer.text).toBe(b.answer.text);
    expect(a.sources.map((s) => [s.url, s.citingSentenceIds])).toEqual(
      b.sources.map((s) => [s.url, s.citingSentenceIds]),
    );
  });

  it("google-ai-overview leaves out keyword links' screen-reader suffixes without their classes", () => {
    const [before, after] = readBeforeAndAfter(
      googleAiOverview,
      'google/benefits_of_intermittent_fasting_google_ai.html',
      'https://www.google.com/search?q=benefits%20of%20intermittent%20fasting',
    );
    expect(after[0]?.readPaths?.sources).toBe('structural');
    expect(after[0]?.answer.text).not.toContain('Opens in new tab');
    expect(after[0]?.answer.text).toBe(before[0]?.answer.text);
  });

  it('bing reads the answer and sources structurally', () => {
    const [before, after] = readBeforeAndAfter(
      bing,
      'bing/how_to_improve_sleep_bing_ai.html',
      'https://www.bing.com/search?q=how%20to%20improve%20sleep',
    );
    const [b, a] = [before[0] as AdapterReading, after[0] as AdapterReading];
    expect(b.readPaths).toMatchObject({ answer: 'exact', sources: 'exact' });
    expect(a.readPaths).toMatchObject({ answer: 'structural', sources: 'structural' });
    expect(a.sources.map((s) => s.url)).toEqual(b.sources.map((s) => s.url));
    expect(a.answer.text).toContain(b.answer.text.split('\n')[0]);
  });

  it('bing keeps a list of short tips as answer text when read structurally', () => {
    const [before, after] = readBeforeAndAfter(
      bing,
      'bing/how_to_manage_anxiety_bing_ai.html',
      'https://www.bing.com/search?q=how%20to%20manage%20anxiety',
    );
    expect(before[0]?.answer.text).toContain('Limit negative media exposure');
    expect(after[0]?.readPaths?.answer).toBe('structural');
    expect(after[0]?.answer.text).toBe(before[0]?.answer.text);
  });
});
