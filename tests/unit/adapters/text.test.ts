import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractBlocks, extractText } from '../../../utils/text/extract';
import { segmentSentences, segmentWithRegex } from '../../../utils/text/segment';

const body = (html: string) => new JSDOM(`<body>${html}</body>`).window.document.body;
const slices = (text: string, ranges: { start: number; end: number }[]) =>
  ranges.map((r) => text.slice(r.start, r.end));

describe('segmentSentences', () => {
  it('splits sentences with offsets into the text, trimmed', () => {
    const text = 'Sleep matters.  Adults need 7 hours! Do teens need more? Yes.';
    expect(slices(text, segmentSentences(text, 'en'))).toEqual([
      'Sleep matters.',
      'Adults need 7 hours!',
      'Do teens need more?',
      'Yes.',
    ]);
  });

  it('splits at newlines and handles Japanese full stops', () => {
    const text = 'はい。いいえ。\nList item one\nList item two';
    expect(slices(text, segmentSentences(text, 'ja'))).toEqual([
      'はい。',
      'いいえ。',
      'List item one',
      'List item two',
    ]);
  });

  it('has a regex fallback for runtimes without Intl.Segmenter', () => {
    const text = 'One. Two!\nThree';
    expect(slices(text, segmentWithRegex(text)).map((s) => s.trim())).toEqual(['One.', 'Two!', 'Three']);
  });

  it('returns nothing for blank text', () => {
    expect(segmentSentences('  \n ', null)).toEqual([]);
  });
});

describe('extractText', () => {
  it('normalises whitespace, breaks blocks with one newline and skips UI chrome', () => {
    const el = body(`<div>
      <p>  First   <b>bold</b>\u00a0word. </p><script>x()</script><style>p{}</style>
      <button>Copy</button><span aria-hidden="true">icon</span><ul><li>One</li><li>Two</li></ul>
    </div>`);
    expect(extractText(el).text).toBe('First bold word.\nOne\nTwo');
  });

  it('never parses text as HTML', () => {
    const el = body('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(extractText(el).text).toBe('<img src=x onerror=alert(1)>');
  });

  it('reports exact ranges for marks and positions for points', () => {
    const el = body(
      '<div><span class="s" id="a">Alpha is first.</span> <span class="s" id="b">Beta <i>second</i>.</span>' +
        '<a class="chip" href="https://x.org">x.org</a></div><p><span class="s" id="c"></span>Gamma.</p>',
    );
    const { text, marks, points } = extractText(el, { marks: '.s', points: '.chip' });
    expect(text).toBe('Alpha is first. Beta second.\nGamma.');
    expect(marks.map((m) => [m.element.id, text.slice(m.start, m.end)])).toEqual([
      ['a', 'Alpha is first.'],
      ['b', 'Beta second.'],
      ['c', ''],
    ]);
    expect(points.map((p) => p.start)).toEqual([text.indexOf('.\n') + 1]);
  });

  it('keeps aria-hidden parts that hold marks when asked (collapsed Google Overviews)', () => {
    const el = body(
      '<div aria-hidden="true"><span class="s">Hidden sentence.</span><em aria-hidden="true">x</em></div>',
    );
    expect(extractText(el, { marks: '.s' }).text).toBe('');
    const kept = extractText(el, { marks: '.s', keepHiddenWithMarks: true });
    expect(kept.text).toBe('Hidden sentence.');
    expect(kept.marks).toHaveLength(1);
  });

  it('joins blocks and shifts their ranges', () => {
    const doc = new JSDOM('<p><span class="s">One.</span></p><p></p><p><span class="s">Two.</span></p>').window
      .document;
    const { text, marks } = extractBlocks(doc.querySelectorAll('p'), { marks: '.s' });
    expect(text).toBe('One.\nTwo.');
    expect(slices(text, marks)).toEqual(['One.', 'Two.']);
  });
});
