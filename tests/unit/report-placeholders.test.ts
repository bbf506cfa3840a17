import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { placeholderText, placeholderUrl, replaceWithPlaceholders } from '../../utils/report/placeholders';

const PAGE = `<!DOCTYPE html><html><head>
<meta name="stageback-page-url" content="https://www.google.com/search?q=how+to+sleep&amp;udm=50">
<meta name="description" content="How to sleep better">
<title>how to sleep - Google Search</title>
<script>var answer = "Most adults need seven hours.";</script>
</head><body>
<!-- Most adults need seven hours. -->
<div data-attrid="SrpGenSumSummary" data-q="how to sleep" role="region" aria-label="AI Overview">
  <span data-huuid="123">Most adults need 7 hours.</span>
  <a href="https://www.cdc.gov/sleep/#:~:text=Most%20adults%20need" title="CDC sleep page">CDC</a>
  <input name="q" value="how to sleep">
</div></body></html>`;

describe('report placeholders', () => {
  it('replace letters and digits, keeping spaces, punctuation and lengths', () => {
    expect(placeholderText('Most adults need 7 hours. Ça va?')).toBe('Xxxx xxxxxx xxxx 0 xxxxx. Xx xx?');
    expect(placeholderText('睡眠は大切です。')).toBe('xxxxxxx。');
  });

  it('keep what picks the adapter in a page address, and drop the question', () => {
    expect(placeholderUrl('https://www.google.com/search?q=how+to+sleep&udm=50')).toBe(
      'https://www.google.com/search?q=xxx+xx+xxxxx&udm=50',
    );
    expect(placeholderUrl('https://www.perplexity.ai/search/how-to-sleep-Xq1b')).toBe(
      'https://www.perplexity.ai/search/xxx-xx-xxxxx-xx1x',
    );
  });

  it('leave none of the page’s words, and the structure, markers and links the adapters read', () => {
    const { document } = new JSDOM(PAGE).window;
    replaceWithPlaceholders(document);
    const html = document.documentElement.outerHTML;
    for (const words of ['Most adults', 'how to sleep', 'how+to+sleep', 'AI Overview', 'CDC', 'seven', 'How to sleep'])
      expect(html).not.toContain(words);
    expect(document.querySelector('script')).toBeNull();
    const region = document.querySelector('[data-attrid="SrpGenSumSummary"][role="region"]');
    expect(region?.querySelector('span[data-huuid="123"]')?.textContent).toBe('Xxxx xxxxxx xxxx 0 xxxxx.');
    expect(region?.querySelector('a')?.getAttribute('href')).toBe('https://www.cdc.gov/sleep/');
    expect(region?.querySelector('input')?.getAttribute('name')).toBe('q');
    expect(document.querySelector('meta[name="stageback-page-url"]')?.getAttribute('content')).toBe(
      'https://www.google.com/search?q=xxx+xx+xxxxx&udm=50',
    );
  });
});
