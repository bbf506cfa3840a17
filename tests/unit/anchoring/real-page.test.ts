import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { anchorWithMatch } from '../../../utils/anchoring/anchor';
import { describeRange } from '../../../utils/anchoring/describe';
import { normaliseText } from '../../../utils/anchoring/normalise';

const PAGE = resolve(__dirname, '../../../../shared/fixtures/real-pages/google/how_to_improve_sleep_google_ai.html');
const present = existsSync(PAGE);
if (!present) console.warn(`Skipping the real-page anchoring test: ${PAGE} is absent (../shared is not checked out).`);

/** The legacy AI Overview renderer: the outermost [data-mcpr] holds the answer. */
function overviewRoot(doc: Document): Element {
  const root = [...doc.querySelectorAll('[data-mcpr]')].find((el) => !el.parentElement?.closest('[data-mcpr]'));
  if (!root) throw new Error('no AI Overview root in the saved page');
  return root;
}

describe.skipIf(!present)('real Google AI Overview page', () => {
  it('describes a span inside a sentence and anchors it again in a freshly parsed page', () => {
    const html = readFileSync(PAGE, 'utf8');
    const doc = new JSDOM(html).window.document;
    const root = overviewRoot(doc);
    // As an adapter might read it: the root's whole text, normalised, without block separators.
    const answerText = normaliseText(root.textContent ?? '');

    const sentence = [...root.querySelectorAll('span[data-huuid]')].find((s) =>
      s.textContent?.includes('Go to bed and wake up'),
    );
    expect(sentence, 'the sentence about a consistent schedule').toBeDefined();
    const walker = doc.createTreeWalker(sentence!, 4 /* NodeFilter.SHOW_TEXT */);
    let textNode: Text | undefined;
    while (!textNode && walker.nextNode()) {
      if ((walker.currentNode as Text).data.includes('wake up')) textNode = walker.currentNode as Text;
    }
    const data = textNode!.data;
    const range = doc.createRange();
    range.setStart(textNode!, data.indexOf('wake up'));
    range.setEnd(textNode!, data.indexOf('every day') + 'every day'.length);

    const label = describeRange(root, range, answerText)!;
    expect(label.quote.exact).toBe('wake up around the same time every day');
    expect(label.quote.prefix.length).toBe(32);
    expect(answerText.slice(label.position.start, label.position.end)).toBe(label.quote.exact);

    const fresh = new JSDOM(html).window.document;
    const anchored = anchorWithMatch(overviewRoot(fresh), label)!;
    expect(['position', 'exact']).toContain(anchored.method);
    expect(anchored.score).toBeGreaterThan(0.95);
    expect(anchored.range.toString()).toBe('wake up around the same time every day');
    expect(anchored.range.startContainer.parentElement?.closest('span[data-huuid]')?.textContent).toBe(
      sentence!.textContent,
    );
  });
});
