import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { TraceDraftSchema } from '../../../storage/schema';
import { bingCopilot } from '../../../utils/adapters/bing-copilot';
import { readPage, toTraceDraft } from '../../../utils/adapters/read-page';

// SYNTHETIC: no saved Copilot Search page exists. This frame document is written from the
// selectors in notes/ai-search-surfaces.md (code evidence only); it is not real Bing markup.
const URL_ = 'https://www.bing.com/copilotsearch?q=how+to+improve+sleep';
const FRAME = `<!doctype html><html lang="en"><body><main>
  <p>Keep a regular sleep schedule, even on weekends.<a href="https://www.sleepfoundation.org/sleep-hygiene?utm_source=bing">1</a>
  Avoid screens an hour before bed.<a href="https://www.health.harvard.edu/topics/sleep">2</a></p>
  <a href="https://www.bing.com/search?q=sleep">Search more</a>
  <div class="b_cs_disclaimer"><span>AI-generated content may be incorrect.</span></div>
</main></body></html>`;

describe('bing-copilot (synthetic frame document)', () => {
  it('reads the frame document, with external links as cited sources', () => {
    const doc = new JSDOM(FRAME, { url: URL_ }).window.document;
    expect(bingCopilot.detect(doc, new URL(URL_))).toBe(true);
    const found = readPage(doc, URL_);
    expect(found.map((f) => f.adapter.id)).toEqual(['bing-copilot']);
    const reading = found[0]?.reading;
    expect(reading?.query).toBe('how to improve sleep');
    // Links are read as citation points, so their own text ("1", "Search more") is not answer text.
    expect(reading?.answer.text).toBe(
      'Keep a regular sleep schedule, even on weekends. Avoid screens an hour before bed.',
    );
    expect(reading?.sources.map((s) => [s.url, s.citingSentenceIds])).toEqual([
      ['https://www.sleepfoundation.org/sleep-hygiene', ['s-0']],
      ['https://www.health.harvard.edu/topics/sleep', ['s-1']],
    ]);
    expect(reading?.answer.complete).toBe(true);
    if (!reading || !found[0]) return;
    expect(TraceDraftSchema.safeParse(toTraceDraft(found[0].adapter, reading, new URL(URL_), new Date())).success).toBe(
      true,
    );
  });

  it('reads nothing from a shell page whose result frame is not there yet', () => {
    const doc = new JSDOM('<div id="b_copilot_search"><div class="b_cs_canvas"></div></div>', { url: URL_ }).window
      .document;
    expect(bingCopilot.read(doc, new URL(URL_))).toEqual([]);
  });
});
