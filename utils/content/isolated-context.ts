import { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * WXT's content-script context, minus the parts a page can drive. WXT's context announces itself with a DOM
 * event on `document` named `<extension id>:<script>:wxt:content-script-started` and invalidates itself (removing
 * every UI and listener made through it) when it hears that event from a "newer" copy of the script; it also
 * reports address changes as a `…:wxt:locationchange` event on `window`. Both are DOM events the page's own
 * scripts can dispatch (the extension id is public for a store install), so a page could remove or reset the
 * overlay at will. This context neither sends nor hears them; the overlay watches the address itself
 * (`watchLocation`), and a second injection into the same frame is caught by a flag in the extension's isolated
 * world, which page scripts cannot reach.
 */
export class IsolatedContext extends ContentScriptContext {
  override stopOldScripts(): void {}
  override listenForNewerScripts(): void {}
}

/**
 * Calls `onChange` when the frame's address changes without a page load (single-page sites). It reads the real
 * `location` and trusts no event's word for it: events only say when to look (the Navigation API's
 * `currententrychange` and `navigatesuccess`, `popstate`, `hashchange`, each only when the browser made it), with a once-a-second check
 * where the Navigation API is missing (Firefox).
 */
export function watchLocation(ctx: ContentScriptContext, onChange: () => void): () => void {
  let last = location.href;
  const check = (event?: Event) => {
    if (event && !event.isTrusted) return;
    if (location.href === last) return;
    last = location.href;
    onChange();
  };
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (typeof navigation?.addEventListener === 'function') {
    ctx.addEventListener(navigation, 'currententrychange', check);
    ctx.addEventListener(navigation, 'navigatesuccess', check);
  } else ctx.setInterval(() => check(), 1_000);
  ctx.addEventListener(window, 'popstate', check);
  ctx.addEventListener(window, 'hashchange', check);
  return () => check();
}
