/**
 * Scrolls the window so `element` is inside `area` (viewport pixels: what a docked panel leaves of the window),
 * a third of the way down it; nothing when it is already inside.
 */
export function bringIntoView(element: Element, area: { top: number; bottom: number }): void {
  const box = element.getBoundingClientRect();
  if (box.top >= area.top && box.bottom <= area.bottom) return;
  const target = area.top + Math.max(0, (area.bottom - area.top - box.height) / 3);
  element.ownerDocument.defaultView?.scrollBy({ top: box.top - target, behavior: 'instant' });
}
