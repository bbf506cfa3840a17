import { describe, expect, it } from 'vitest';
import { DEFAULT_NORMALISE, normaliseText } from '../../../utils/anchoring/normalise';
import { buildTextMap } from '../../../utils/anchoring/text-map';
import { parse, rangeBetween, textNodes } from './helpers';

describe('text map', () => {
  it('normalises whitespace, separates blocks and skips hidden, scripted and excluded content', () => {
    const doc = parse(`<div id="answer">
      <h2>Sleep   tips</h2><p>Keep a\n\tschedule.<span class="chip">[1]</span></p>
      <ul><li>Dark room</li><li>Cool<br>room</li></ul>
      <script>var x = 1;</script><style>p{}</style><template>t</template><noscript>n</noscript>
      <span aria-hidden="true">icon</span><span hidden>hidden</span>
      <stageback-strip>our UI</stageback-strip>
      <p>Last&nbsp;one </p>
    </div>`);
    const map = buildTextMap(doc.getElementById('answer')!, { exclude: ['stageback-strip', '.chip'] });
    expect(map.text).toBe('Sleep tips Keep a schedule. Dark room Cool room Last one');
  });

  it('agrees with the plain-string rule on inline-only markup', () => {
    const doc = parse('<p id="p">  An <b>inline</b>\n<i>only</i>   <a href="#">answer</a>. </p>');
    const root = doc.getElementById('p')!;
    expect(buildTextMap(root).text).toBe(normaliseText(root.textContent ?? ''));
  });

  it('keeps whitespace as it is when the rule does not collapse it', () => {
    const doc = parse('<div id="d"> a  b<p>c</p></div>');
    const map = buildTextMap(doc.getElementById('d')!, {
      normalise: { ...DEFAULT_NORMALISE, collapseWhitespace: false },
    });
    expect(map.text).toBe('a  b c');
  });

  it('converts ranges to offsets and back across nodes, collapsed whitespace and skipped chips', () => {
    const doc = parse(
      '<div id="a"><p>First <b>bold   words</b> here.<sup class="chip">2</sup></p><p>Second paragraph.</p></div>',
    );
    const root = doc.getElementById('a')!;
    const map = buildTextMap(root, { exclude: ['.chip'] });
    expect(map.text).toBe('First bold words here. Second paragraph.');

    const range = rangeBetween(root, 'bold', 'Second');
    const offsets = map.rangeToOffsets(range)!;
    expect(map.text.slice(offsets.start, offsets.end)).toBe('bold words here. Second');

    // Boundary points in skipped text or in the middle of a collapsed whitespace run.
    const chipText = root.querySelector('.chip')!.firstChild!;
    const fromChip = rangeBetween(root, 'words', 'Second');
    fromChip.setStart(chipText, 0);
    expect(map.rangeToOffsets(fromChip)).toEqual({ start: 23, end: 29 });
    const bold = root.querySelector('b')!.firstChild!;
    const inRun = doc.createRange();
    inRun.setStart(bold, 6);
    inRun.setEnd(bold, 7);
    expect(map.rangeToOffsets(inRun)).toBeNull();
    inRun.setEnd(bold, 9);
    const { start, end } = map.rangeToOffsets(inRun)!;
    expect(map.text.slice(start, end)).toBe('wo');

    for (const [start, end] of [
      [0, 5],
      [6, 16],
      [11, 22],
      [17, 40],
      [0, map.text.length],
    ] as const) {
      const back = map.offsetsToRange(start, end)!;
      // Block separators are in the map's text but not in the DOM's.
      expect(back.toString().replace(/\s+|2/g, ''), `${start}-${end}`).toBe(
        map.text.slice(start, end).replace(/\s+/g, ''),
      );
      expect(map.rangeToOffsets(back)).toEqual({ start, end });
    }
  });

  it('maps element boundary points and clamps ranges that leave the root', () => {
    const doc = parse('<p>before</p><div id="r"><p>inside text</p></div><p>after</p>');
    const root = doc.getElementById('r')!;
    const map = buildTextMap(root);
    const whole = doc.createRange();
    whole.selectNodeContents(doc.body);
    expect(map.rangeToOffsets(whole)).toEqual({ start: 0, end: map.text.length });

    const outside = doc.createRange();
    outside.selectNodeContents(doc.body.lastElementChild!);
    expect(map.rangeToOffsets(outside)).toBeNull();
    expect(map.offsetsToRange(3, 3)).toBeNull();
  });

  it('maps a large answer quickly', () => {
    const paragraphs = Array.from(
      { length: 500 },
      (_, i) => `<p>Paragraph ${i} has <a href="#">a link</a> and <b>bold text</b> in it.</p>`,
    );
    const doc = parse(`<div id="big">${paragraphs.join('')}</div>`);
    const root = doc.getElementById('big')!;
    const started = performance.now();
    const map = buildTextMap(root);
    const nodes = textNodes(root);
    const last = nodes[nodes.length - 1]!;
    const range = doc.createRange();
    range.setStart(nodes[1]!, 0);
    range.setEnd(last, last.data.length);
    const offsets = map.rangeToOffsets(range)!;
    expect(performance.now() - started).toBeLessThan(500);
    expect(map.text.length).toBeGreaterThan(20_000);
    expect(offsets.end).toBe(map.text.length);
  });
});
