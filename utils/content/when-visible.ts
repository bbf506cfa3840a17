import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** A viewport's height of margin: a strip is ready before its answer scrolls into view. */
const OPTIONS: IntersectionObserverInit = { rootMargin: '100% 0px' };

/**
 * Defers work on an answer that is not rendered (a collapsed "People also ask" item) until it is shown: such
 * answers cost nothing until the user opens them. Elements of another document (an iframe) count as shown.
 */
export function createVisibilityGate(ctx: ContentScriptContext) {
  const waiting = new Map<Element, () => void>();
  // Elements once reported shown are never deferred again: a box the observer sees but `checkVisibility`
  // does not (an odd style) must not make every scan defer it and ask for another scan.
  const seen = new WeakSet<Element>();
  let observer: IntersectionObserver | null = null;
  const observe = () => {
    observer ??= new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        seen.add(entry.target);
        const work = waiting.get(entry.target);
        waiting.delete(entry.target);
        observer?.unobserve(entry.target);
        work?.();
      }
    }, OPTIONS);
    return observer;
  };
  ctx.onInvalidated(() => {
    observer?.disconnect();
    waiting.clear();
  });
  return {
    /**
     * False when `el` is shown; otherwise true, and `onShown` runs (once, however often this is asked) when it
     * appears.
     */
    deferUntilShown(el: Element, onShown: () => void): boolean {
      if (waiting.has(el)) return true;
      if (seen.has(el) || el.ownerDocument !== document || typeof IntersectionObserver !== 'function' || isRendered(el))
        return false;
      waiting.set(el, onShown);
      observe().observe(el);
      return true;
    },
    /** Stops waiting for elements that left the page. */
    prune(): void {
      for (const el of waiting.keys()) {
        if (el.isConnected) continue;
        waiting.delete(el);
        observer?.unobserve(el);
      }
    },
  };
}

/** Whether the element has a box. `display: contents` has none of its own, yet its children show. */
function isRendered(el: Element): boolean {
  if (typeof el.checkVisibility !== 'function') return true;
  return el.checkVisibility() || getComputedStyle(el).display === 'contents';
}
