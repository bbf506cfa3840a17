import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { presenceSelector } from '../utils/adapters/presence';

/**
 * The only script that runs on every supported search page: a few kB that look for an AI answer and, once one
 * is there, ask the background to inject the full overlay (`answers.content`). Pages without an answer pay
 * almost nothing.
 *
 * wxt.config.ts lists it in the manifest as a content script, on the adapters' match patterns. It is an
 * unlisted script, not a WXT content script: WXT's content-script context (its location watcher, the
 * script-started events it sends through the page, the `browser` shim) was half of this script's time on a
 * page without an answer: 6.8 ms against 3.4 ms by CPU profile, median of 12 loads (2026-11-27). Its one
 * resource, the observer, ends when an answer is found.
 */
export default defineUnlistedScript(() => {
  const found = () => {
    // Read at each check: single-page sites change their address without loading a page.
    const selector = presenceSelector(location.href);
    return selector !== '' && document.querySelector(selector) !== null;
  };
  const inject = () => {
    try {
      // The wire format of @webext-core/messaging, without bundling it here.
      chrome.runtime.sendMessage({ id: 0, type: 'injectOverlay', data: undefined, timestamp: Date.now() }, () => {
        void chrome.runtime.lastError;
      });
    } catch {
      // "Extension context invalidated": this page's script outlived its extension (updated or removed).
    }
  };
  if (found()) return inject();
  let frame = 0;
  const observer = new MutationObserver(() => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!found()) return;
      observer.disconnect();
      inject();
    });
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
});
