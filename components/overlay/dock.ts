/**
 * Where a strip's open panel goes so the answer stays in view: beside the answer's column where the window has
 * room (right first, then left), else a sheet along the window's bottom under the column; in place, below the
 * strip, when the window is too small for either. Pure geometry, in CSS pixels of the viewport.
 */
export interface DockPlace {
  side: 'right' | 'left' | 'bottom';
  left: number;
  top: number;
  width: number;
  height: number;
}

export const DOCK = {
  minWidth: 320,
  maxWidth: 460,
  gap: 16,
  /** A bottom sheet takes this share of the window's height. */
  sheetShare: 0.42,
  /** Below this window size the panel opens in place. */
  minWindow: { width: 560, height: 480 },
} as const;

export function dockPlace(
  column: { left: number; right: number; top: number },
  view: { width: number; height: number },
): DockPlace | null {
  const { gap, minWidth, maxWidth } = DOCK;
  if (view.width < DOCK.minWindow.width || view.height < DOCK.minWindow.height) return null;
  // Level with the strip when it is in view, never lower than a third down the window.
  const top = Math.round(Math.min(Math.max(column.top, gap), view.height * 0.3));
  const height = Math.round(view.height - top - gap);
  const right = view.width - column.right - 2 * gap;
  if (right >= minWidth) {
    return { side: 'right', left: Math.round(column.right + gap), top, width: Math.min(maxWidth, right), height };
  }
  const left = column.left - 2 * gap;
  if (left >= minWidth) {
    const width = Math.min(maxWidth, left);
    return { side: 'left', left: Math.round(column.left - gap - width), top, width, height };
  }
  const sheet = Math.round(view.height * DOCK.sheetShare);
  const sheetLeft = Math.max(gap, Math.round(column.left));
  return {
    side: 'bottom',
    left: sheetLeft,
    top: view.height - sheet - gap / 2,
    width: Math.round(Math.min(view.width - gap, column.right) - sheetLeft),
    height: sheet,
  };
}

/** The part of the window the docked panel leaves to the page, from top to bottom. */
export function pageArea(dock: DockPlace | null, viewHeight: number): { top: number; bottom: number } {
  return { top: 0, bottom: dock?.side === 'bottom' ? dock.top : viewHeight };
}
