import { type RefObject, useContext, useLayoutEffect } from 'react';
import { type DockPlace, dockPlace } from './dock';
import type { OpenPanel } from './state/answer-store';
import { AnswerStoreContext, useAnswer } from './use-answer';

/** Closes the panel floating now, whichever answer's strip it belongs to. */
let docked: (() => void) | null = null;

/** The panels for long work float beside the answer; Overall and Refine are a line or two and open in place. */
const DOCKED: readonly OpenPanel[] = ['decomposition', 'retrieval', 'answer'];

/**
 * Docks the open panel (`panel`, inside the strip's section `strip`) where the answer stays in view, and keeps it
 * there as the window is resized. A page whose layout defeats a fixed panel (a transformed ancestor makes `fixed`
 * relative to it; a page layer covers it) gets the panel in place instead: checked once it is drawn.
 */
export function useDock(strip: RefObject<HTMLElement | null>, panel: RefObject<HTMLElement | null>) {
  const store = useContext(AnswerStoreContext);
  const openStage = useAnswer((s) => s.openStage);
  const dock = useAnswer((s) => s.dock);
  const docks = openStage !== null && DOCKED.includes(openStage);

  useLayoutEffect(() => {
    const section = strip.current;
    const view = section?.ownerDocument.defaultView;
    if (!store || !docks || !section || !view) return store?.getState().setDock(null);
    let defeated = false;
    const place = () => {
      if (defeated) return;
      const column = answerColumn(section);
      const width = section.ownerDocument.documentElement.clientWidth;
      const dock = dockPlace(column, { width, height: view.innerHeight });
      store.getState().setDock(dock);
      return { dock, column };
    };
    const placed = place();
    // One floating panel on the page: a chat's other answers' panels would open on top of each other.
    const mine = () => store.getState().setOpenStage(null);
    if (placed?.dock) {
      docked?.();
      docked = mine;
    }
    // A sheet along the bottom would cover the answer's start: the page scrolls it up, above the sheet.
    if (placed?.dock?.side === 'bottom' && placed.column.top + SEEN_LINES > placed.dock.top) {
      view.scrollBy({ top: section.getBoundingClientRect().top - view.innerHeight * 0.08, behavior: 'instant' });
    }
    // Once the panel is drawn at its place: is it there, and on top of the page?
    const check = view.requestAnimationFrame(() => {
      const want = store.getState().dock;
      if (panel.current && want && !isDrawnAt(panel.current, want)) {
        defeated = true;
        store.getState().setDock(null);
      }
    });
    view.addEventListener('resize', place);
    return () => {
      if (docked === mine) docked = null;
      view.cancelAnimationFrame(check);
      view.removeEventListener('resize', place);
      store.getState().setDock(null);
    };
  }, [docks, strip, panel, store]);

  return docks ? dock : null;
}

/** Enough of the answer to read on above a bottom sheet, in CSS pixels. */
const SEEN_LINES = 160;

/**
 * The answer's column: where its text is, not its container's box (Google's answer block spans the whole results
 * width, its text only the left part), from the strip's top. The strip sits before the answer, or first inside it.
 */
function answerColumn(section: HTMLElement): { left: number; right: number; top: number } {
  // Below the strip (its bar and suggestions; the floating panel inside it takes no room), so nothing of it is covered.
  const box = section.getBoundingClientRect();
  const strip = { left: box.left, right: box.right, top: box.bottom + 4 };
  const host = (section.getRootNode() as ShadowRoot).host;
  const answer = host.nextElementSibling ?? host.parentElement;
  if (!answer) return strip;
  // A range over an element counts the element's whole box: measure text nodes alone (a sample, for long answers).
  const doc = section.ownerDocument;
  const walker = doc.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
  const nodes: Node[] = [];
  for (let n = walker.nextNode(); n && nodes.length < 400; n = walker.nextNode())
    if (n.textContent?.trim()) nodes.push(n);
  const step = Math.max(1, Math.floor(nodes.length / 40));
  const range = doc.createRange();
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nodes.length; i += step) {
    range.selectNodeContents(nodes[i] as Node);
    const box = range.getBoundingClientRect();
    if (box.width === 0) continue;
    left = Math.min(left, box.left);
    right = Math.max(right, box.right);
  }
  if (right < left) return strip;
  return { left: Math.min(left, strip.left), right, top: strip.top };
}

function isDrawnAt(panel: HTMLElement, want: DockPlace): boolean {
  const box = panel.getBoundingClientRect();
  if (Math.abs(box.left - want.left) > 2 || Math.abs(box.top - want.top) > 2) return false;
  const host = (panel.getRootNode() as ShadowRoot).host;
  const hit = panel.ownerDocument.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 40));
  return hit === host;
}
