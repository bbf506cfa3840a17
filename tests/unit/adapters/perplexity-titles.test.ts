import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { perplexity } from '../../../utils/adapters/perplexity';

// SYNTHETIC, from the two chip shapes of the saved pages (conformance covers the real ones): a 2025-06
// `a.citation` with its title as aria-label, a 2026-02 `span.citation` whose wrapper carries it, and a chip
// with no tooltip at all.
const URL_ = 'https://www.perplexity.ai/search/how-much-sleep-abc';
const PAGE = `<!doctype html><html lang="en"><body>
  <h1 class="group/query">how much sleep do adults need</h1>
  <div id="markdown-content-0"><div class="prose"><p>Adults need seven hours.<a class="citation" aria-label="About Sleep - CDC" href="https://www.cdc.gov/sleep/about/index.html">1</a>
  Naps help a little.<span aria-label="Napping: Benefits and Tips" data-state="closed"><span class="citation" data-pplx-citation-url="https://www.sleepfoundation.org/sleep-hygiene/napping"><a href="https://www.sleepfoundation.org/sleep-hygiene/napping">sleepfoundation</a></span></span>
  Sleep debt adds up.<a class="citation" href="https://www.example-clinic.org/sleep-debt">3</a></p></div></div>
</body></html>`;

describe('perplexity source titles at capture', () => {
  it('reads each title from the chip’s tooltip, on the chip or its wrapper, and names a source without one by its host', () => {
    const doc = new JSDOM(PAGE, { url: URL_ }).window.document;
    const [reading] = perplexity.read(doc, new URL(URL_));
    expect(reading?.sources.map((s) => [s.url, s.title])).toEqual([
      ['https://www.cdc.gov/sleep/about/index.html', 'About Sleep - CDC'],
      ['https://www.sleepfoundation.org/sleep-hygiene/napping', 'Napping: Benefits and Tips'],
      ['https://www.example-clinic.org/sleep-debt', 'example-clinic.org'],
    ]);
  });
});
