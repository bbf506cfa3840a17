import type { Page } from 'playwright-core';

/**
 * In the page: find the answer element the n-th strip sits before, select the
 * first occurrence of `text` in it (across text nodes, whitespace-insensitive)
 * as a mouse would, and release the mouse. False when the text is not there.
 */
export async function selectTextInAnswer(page: Page, stripIndex: number, text: string): Promise<boolean> {
  const selected = await page.evaluate(
    ({ index, wanted }) => {
      const answer = document.querySelectorAll('stageback-strip')[index]?.nextElementSibling;
      if (!answer) return false;
      const nodes: { node: Text; from: number }[] = [];
      let flat = '';
      const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        nodes.push({ node: n, from: flat.length });
        flat += n.data;
      }
      // Compare without whitespace, then map back to node offsets.
      const keep: number[] = [];
      let squeezed = '';
      for (let i = 0; i < flat.length; i++) {
        if (!/\s/.test(flat[i] ?? '')) {
          keep.push(i);
          squeezed += flat[i];
        }
      }
      const at = squeezed.indexOf(wanted.replace(/\s+/g, ''));
      if (at < 0) return false;
      const start = keep[at] ?? 0;
      const end = (keep[at + wanted.replace(/\s+/g, '').length - 1] ?? 0) + 1;
      const locate = (offset: number) => {
        const hit = [...nodes].reverse().find((n) => n.from <= offset) ?? nodes[0];
        return { node: hit?.node as Text, offset: offset - (hit?.from ?? 0) };
      };
      const a = locate(start);
      const b = locate(end - 1);
      const range = document.createRange();
      range.setStart(a.node, a.offset);
      range.setEnd(b.node, b.offset + 1);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      return true;
    },
    { index: stripIndex, wanted: text },
  );
  if (selected) await releaseMouse(page);
  return selected;
}

/**
 * A real mouse release (CDP input, so the browser marks it trusted; a page-dispatched `mouseup` is ignored by the
 * extension) that leaves the selection a script made as it is: the end of a mouse selection.
 */
export async function releaseMouse(page: Page): Promise<void> {
  // Over the selection's end, where a dragging mouse would be (a release elsewhere, e.g. still over the strip
  // after a click there, is not always delivered).
  const end = await page.evaluate(() => {
    const selection = getSelection();
    if (!selection || selection.rangeCount === 0) return null;
    const rects = selection.getRangeAt(0).getClientRects();
    const last = rects[rects.length - 1];
    return last ? { x: Math.max(0, last.right - 1), y: last.top + last.height / 2 } : null;
  });
  if (end) await page.mouse.move(end.x, end.y);
  await page.mouse.up();
}

/** Index of the strip whose answer contains `text` (whitespace-insensitive), or -1. */
export function stripIndexFor(page: Page, text: string): Promise<number> {
  return page.evaluate((wanted) => {
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    return [...document.querySelectorAll('stageback-strip')].findIndex((strip) =>
      squeeze(strip.nextElementSibling?.textContent ?? '').includes(squeeze(wanted)),
    );
  }, text);
}

/**
 * Where the span toolbar opened, measured as the user sees it: the gap in CSS pixels between its box and the
 * selection's rectangle (0 when they touch), and whether the page scrolled to show it. Waits for the toolbar.
 */
export async function toolbarPlacement(page: Page): Promise<{ gap: number; scrolled: boolean; inView: boolean }> {
  const before = await page.evaluate(() => ({ x: scrollX, y: scrollY }));
  await page.waitForFunction(() => {
    const box = document.querySelector('stageback-toolbar')?.getBoundingClientRect();
    return !!box && box.width > 0 && box.height > 0;
  });
  return page.evaluate((start) => {
    const host = document.querySelector('stageback-toolbar') as HTMLElement;
    const bar = host.getBoundingClientRect();
    const range = getSelection()?.rangeCount ? getSelection()?.getRangeAt(0) : null;
    const sel = range?.getBoundingClientRect();
    if (!sel) return { gap: Number.POSITIVE_INFINITY, scrolled: false, inView: false };
    const dx = Math.max(0, bar.left - sel.right, sel.left - bar.right);
    const dy = Math.max(0, bar.top - sel.bottom, sel.top - bar.bottom);
    return {
      gap: Math.round(Math.hypot(dx, dy)),
      scrolled: scrollX !== start.x || scrollY !== start.y,
      inView: bar.top >= 0 && bar.bottom <= innerHeight + bar.height,
    };
  }, before);
}
