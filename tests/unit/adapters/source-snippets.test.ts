import { describe, expect, it } from 'vitest';
import { SourceSchema } from '../../../storage/schema';
import { googleAiOverview } from '../../../utils/adapters/google-ai-overview';
import { HAVE_REAL_PAGES, loadPage } from './real-pages';

const FILE = 'google/how_to_improve_sleep_google_ai.html';
const URL_ = 'https://www.google.com/search?q=how%20to%20improve%20sleep';

describe.skipIf(!HAVE_REAL_PAGES)('source snippets at capture (saved Google page)', () => {
  it('keeps the snippet Google shows under each listed source’s title', () => {
    const doc = loadPage(FILE, URL_);
    const [reading] = googleAiOverview.read(doc, new URL(URL_));
    const mayo = reading?.sources.find((s) => s.url.includes('mayoclinic.org'));
    expect(mayo?.title).toBe('Sleep tips: 6 steps to better sleep - Mayo Clinic');
    expect(mayo?.snippet).toBe(
      "* Stick to a sleep schedule. Set aside no more than eight hours for sleep. ... * Pay attention to what you eat and drink. Don't g...",
    );
    const withSnippet = reading?.sources.filter((s) => s.snippet) ?? [];
    expect(withSnippet.length).toBeGreaterThanOrEqual(3);
    for (const source of reading?.sources ?? []) expect(SourceSchema.safeParse(source).success).toBe(true);
    doc.defaultView?.close();
  });
});
