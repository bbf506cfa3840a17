import { describe, expect, it } from 'vitest';
import { anchor, anchorWithMatch } from '../../../utils/anchoring/anchor';
import { describeRange } from '../../../utils/anchoring/describe';
import { buildTextMap } from '../../../utils/anchoring/text-map';
import { parse, rangeBetween, rangeText } from './helpers';

const EXCLUDE = ['.chip', 'stageback-strip'];

const ANSWER_HTML = `<div id="answer">
  <p>To sleep better, keep a <span class="em">consistent <a href="https://a.example">sleep
     schedule</a></span><button class="chip">nih.gov +2</button>. Caffeine stays in <b>your body</b>
     for up to six hours.</p>
  <ul>
    <li>Keep the bedroom dark and cool.</li>
    <li>Avoid screens before bed. Blue light delays melatonin.</li>
  </ul>
  <p>If you still lie awake, avoid screens before bed. Read a paper book instead.</p>
  <stageback-strip>Label this answer</stageback-strip>
</div>`;

/** What an adapter reads from ANSWER_HTML: chips and our UI left out, blocks separated. */
const ANSWER_TEXT =
  'To sleep better, keep a consistent sleep schedule. Caffeine stays in your body for up to six hours. ' +
  'Keep the bedroom dark and cool. Avoid screens before bed. Blue light delays melatonin. ' +
  'If you still lie awake, avoid screens before bed. Read a paper book instead.';

function labelIn(html: string, from: string, to: string) {
  const doc = parse(html);
  const root = doc.getElementById('answer')!;
  return describeRange(root, rangeBetween(root, from, to), ANSWER_TEXT, { exclude: EXCLUDE });
}

function anchorIn(html: string, selectors: Parameters<typeof anchor>[1]) {
  const root = parse(html).getElementById('answer')!;
  return anchorWithMatch(root, selectors, { exclude: EXCLUDE });
}

describe('describeRange → anchor', () => {
  it('round-trips a selection over nested inline markup, skipping a citation chip', () => {
    const label = labelIn(ANSWER_HTML, 'consistent', 'Caffeine')!;
    expect(label.quote.exact).toBe('consistent sleep schedule. Caffeine');
    expect(label.quote.prefix).toBe('To sleep better, keep a ');
    expect(label.quote.suffix).toBe(' stays in your body for up to si');
    expect(ANSWER_TEXT.slice(label.position.start, label.position.end)).toBe(label.quote.exact);

    const anchored = anchorIn(ANSWER_HTML, label)!;
    expect(anchored.method).toBe('position');
    // The live range still spans the chip in the DOM; its text is the label's plus the chip's.
    expect(rangeText(anchored.range)).toBe('consistent sleep schedulenih.gov +2. Caffeine');
  });

  it('round-trips a selection across block boundaries', () => {
    const label = labelIn(ANSWER_HTML, 'six hours', 'Keep the bedroom')!;
    expect(label.quote.exact).toBe('six hours. Keep the bedroom');
    const range = anchor(parse(ANSWER_HTML).getElementById('answer')!, label, { exclude: EXCLUDE })!;
    expect(range.startContainer.textContent).toContain('six hours');
    expect(range.endContainer.parentElement?.tagName).toBe('LI');
    expect(rangeText(range)).toBe('six hours. Keep the bedroom');
  });

  it('tells repeated phrases apart by their context, even when positions have shifted', () => {
    const doc = parse(ANSWER_HTML);
    const root = doc.getElementById('answer')!;
    const secondParagraph = root.querySelectorAll('p')[1]!;
    const text = secondParagraph.firstChild as Text;
    const range = doc.createRange();
    range.setStart(text, text.data.indexOf('avoid screens'));
    range.setEnd(text, text.data.indexOf('before bed') + 'before bed'.length);
    const label = describeRange(root, range, ANSWER_TEXT, { exclude: EXCLUDE })!;
    expect(label.quote.exact).toBe('avoid screens before bed');
    expect(label.position.start).toBe(ANSWER_TEXT.lastIndexOf('avoid screens before bed'));

    // The site prepended a paragraph: the stored position now points into other text.
    const shifted = ANSWER_HTML.replace('<p>To sleep', '<p>Here is a summary of what helps most.</p><p>To sleep');
    const anchored = anchorIn(shifted, label)!;
    expect(anchored.method).not.toBe('position');
    expect(anchored.range.startContainer.parentElement?.closest('p')?.textContent).toContain('still lie awake');

    // The first occurrence (capitalised, in the list) re-anchors to the list item.
    const first = describeRange(root, rangeBetween(root, 'Avoid screens', 'before bed'), ANSWER_TEXT, {
      exclude: EXCLUDE,
    })!;
    const firstAnchored = anchorIn(shifted, first)!;
    expect(firstAnchored.range.startContainer.parentElement?.tagName).toBe('LI');
  });

  it('re-anchors after a re-render that changed whitespace and node structure', () => {
    const label = labelIn(ANSWER_HTML, 'Caffeine', 'six hours')!;
    const rerendered = `<div id="answer"><div class="wrap"><p>To sleep better,
      keep a consistent sleep schedule<sup class="chip">1</sup>.   <span>Caffeine</span> <span>stays</span>
      in <em>your</em>     <em>body for up</em> to six hours.</p></div>
      <div><ol><li>Keep the bedroom dark and cool.</li><li>Avoid screens before bed. Blue light delays melatonin.</li></ol></div>
      <p>If you still lie awake, avoid screens before bed. Read a paper book instead.</p></div>`;
    const anchored = anchorIn(rerendered, label)!;
    expect(rangeText(anchored.range)).toBe('Caffeine stays in your body for up to six hours');
    expect(anchored.score).toBeGreaterThan(0.9);
  });

  it('re-anchors after streamed text was appended', () => {
    const label = labelIn(ANSWER_HTML, 'Blue light', 'melatonin')!;
    const streamed = ANSWER_HTML.replace(
      '</ul>',
      '<li>Get morning daylight: it anchors your body clock and blue light at night delays melatonin less.</li></ul>',
    );
    const anchored = anchorIn(streamed, label)!;
    expect(rangeText(anchored.range)).toBe('Blue light delays melatonin');
    expect(anchored.range.startContainer.parentElement?.textContent).toContain('Avoid screens');
  });

  it('finds a slightly edited span fuzzily and says how well it matched', () => {
    const label = labelIn(ANSWER_HTML, 'Caffeine', 'six hours')!;
    const edited = ANSWER_HTML.replace('for up to six hours', 'for up to 6 hours');
    const anchored = anchorIn(edited, label)!;
    expect(anchored.method).toBe('fuzzy');
    expect(anchored.score).toBeGreaterThan(0.8);
    expect(anchored.score).toBeLessThan(1);
    expect(rangeText(anchored.range)).toBe('Caffeine stays in your body for up to 6 hours');
  });

  it('returns null for a label whose text is gone, so the caller can list it as orphaned', () => {
    const label = labelIn(ANSWER_HTML, 'Caffeine', 'six hours')!;
    const rewritten = ANSWER_HTML.replace(/Caffeine[\s\S]*six hours\./, 'Limit naps to twenty minutes.');
    expect(anchorIn(rewritten, label)).toBeNull();
  });

  it('describes nothing for a range outside the root, only whitespace, or only excluded text', () => {
    const doc = parse(`<p id="outside">Elsewhere on the page</p>${ANSWER_HTML}`);
    const root = doc.getElementById('answer')!;
    const outside = doc.createRange();
    outside.selectNodeContents(doc.getElementById('outside')!);
    expect(describeRange(root, outside, ANSWER_TEXT, { exclude: EXCLUDE })).toBeNull();

    const whitespace = doc.createRange();
    const ul = root.querySelector('ul')!;
    whitespace.setStart(ul, 0);
    whitespace.setEnd(ul, 1);
    expect(whitespace.toString().trim()).toBe('');
    expect(describeRange(root, whitespace, ANSWER_TEXT, { exclude: EXCLUDE })).toBeNull();

    const chip = doc.createRange();
    chip.selectNodeContents(root.querySelector('.chip')!);
    expect(describeRange(root, chip, ANSWER_TEXT, { exclude: EXCLUDE })).toBeNull();
  });

  it('locates the live selection in answer text that differs from the DOM text', () => {
    // Without the exclude list the chip text is in the live selection but not in the answer text.
    const doc = parse(ANSWER_HTML);
    const root = doc.getElementById('answer')!;
    const map = buildTextMap(root);
    expect(map.text).toContain('nih.gov +2');
    const label = describeRange(root, rangeBetween(root, 'keep a', 'Caffeine'), ANSWER_TEXT, { textMap: map })!;
    expect(label.quote.exact).toBe('keep a consistent sleep schedule. Caffeine');
  });
});
