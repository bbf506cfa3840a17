import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { AnswerStore } from '../../components/overlay/state/answer-store';
import type { TraceDraft } from '../../storage/schema';
import { describeRange } from '../anchoring/describe';
import { buildTextMap, type TextMap } from '../anchoring/text-map';
import { UI_TAG } from './mount-strip';
import { trusted } from './trusted-events';

interface Answer {
  root: Element;
  store: AnswerStore;
}

const EXCLUDE = [UI_TAG];
/** Characters read either side of the pointer to find its place in the answer's text. */
const AROUND = 8;

/**
 * With the Answer panel floating, the sentence under the pointer selects its citation pairs there (the page's own
 * citation links select a single pair: citation-cards.ts). The pointer is read once per animation frame, and only
 * while that panel floats; the answer's text map is kept until its trace changes or its nodes go.
 */
export function createSentencePointing(ctx: ContentScriptContext) {
  const answers = new Set<Answer>();
  const maps = new WeakMap<Answer, { trace: TraceDraft; map: TextMap }>();
  let frame = 0;
  let last: MouseEvent | null = null;

  const working = () =>
    [...answers].find((a) => {
      const s = a.store.getState();
      return s.openStage === 'answer' && s.dock !== null;
    });

  const mapOf = (answer: Answer, fresh: boolean) => {
    const { trace } = answer.store.getState();
    let cached = maps.get(answer);
    if (fresh || !cached || cached.trace !== trace) {
      cached = { trace, map: buildTextMap(answer.root, { exclude: EXCLUDE }) };
      maps.set(answer, cached);
    }
    return cached.map;
  };

  const pointAt = (e: MouseEvent) => {
    const answer = working();
    const target = e.target as Element | null;
    if (!answer || !target || !answer.root.contains(target) || target.closest?.('a[href]')) return;
    const caret = caretAt(e.clientX, e.clientY);
    if (!caret || !answer.root.contains(caret.node)) return;
    const range = document.createRange();
    range.setStart(caret.node, Math.max(0, caret.offset - AROUND));
    range.setEnd(caret.node, Math.min(caret.node.length, caret.offset + AROUND));
    const { trace, select } = answer.store.getState();
    const read = (fresh: boolean) =>
      describeRange(answer.root, range, trace.answer.text, { exclude: EXCLUDE, textMap: mapOf(answer, fresh) });
    // A map made before the site re-rendered the answer knows none of its new nodes: make it again, once.
    const described = read(false) ?? read(true);
    if (!described) return;
    const at = described.position.start + Math.min(AROUND, caret.offset);
    const sentence = trace.answer.sentences.find((s) => s.start <= at && at < s.end);
    if (sentence && trace.sources.some((src) => src.citingSentenceIds.includes(sentence.id)))
      select({ sourceId: null, sentenceId: sentence.id });
  };

  ctx.addEventListener(
    document,
    'mousemove',
    trusted((e: MouseEvent) => {
      if (!working()) return;
      last = e;
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (last) pointAt(last);
      });
    }),
  );
  ctx.onInvalidated(() => cancelAnimationFrame(frame));

  return {
    add(root: Element, store: AnswerStore) {
      const answer = { root, store };
      answers.add(answer);
      return {
        remove() {
          answers.delete(answer);
        },
      };
    },
  };
}

/** The text node and offset under a point (Chromium and Firefox name the API differently). */
function caretAt(x: number, y: number): { node: Text; offset: number } | null {
  const position = document.caretPositionFromPoint?.(x, y);
  const node = position?.offsetNode ?? document.caretRangeFromPoint?.(x, y)?.startContainer;
  const offset = position?.offset ?? document.caretRangeFromPoint?.(x, y)?.startOffset ?? 0;
  return node instanceof Text ? { node, offset } : null;
}
