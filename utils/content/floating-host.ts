/** Small UI that floats next to what it acts on (the span toolbar, a citation's card), in its own shadow root. */

/** Gap between what a floating host acts on and the host, in CSS pixels. */
export const GAP = 6;
/**
 * WXT's reset is `:host{all:initial !important}` inside the shadow root, which beats any inline style on the
 * host (for !important, the inner context wins): the host was `static` and the span toolbar landed under the page's
 * footer. This rule comes later in the same root, so it wins; the place itself comes in custom properties,
 * which `all` does not reset.
 */
export const FLOATING_HOST_CSS = `:host{position:absolute !important;left:var(--sb-left,0) !important;top:var(--sb-top,0) !important;z-index:2147483646 !important;display:block !important;}`;

/**
 * Puts the host just under `rect` (a selection, a link), inside the window's width, correcting for a positioned
 * `body` or `html`.
 */
export function placeBelow(host: HTMLElement, rect: DOMRect): void {
  const set = (left: number, top: number) => {
    host.style.setProperty('--sb-left', `${left + window.scrollX}px`);
    host.style.setProperty('--sb-top', `${top + window.scrollY}px`);
  };
  // Its width is read where it has the most room (a host near the right edge would shrink to what is left).
  set(0, rect.bottom + GAP);
  const width = host.getBoundingClientRect().width;
  const room = document.documentElement.clientWidth - GAP;
  const want = { left: Math.max(0, Math.min(rect.left, room - width)), top: rect.bottom + GAP };
  set(want.left, want.top);
  const got = host.getBoundingClientRect();
  const dx = want.left - got.left;
  const dy = want.top - got.top;
  if (Math.abs(dx) >= 1 || Math.abs(dy) >= 1) set(want.left + dx, want.top + dy);
}
