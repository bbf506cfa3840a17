import { defineContentScript } from 'wxt/utils/define-content-script';
import { presenceSelector } from '../../utils/adapters/presence';

/**
 * The only script that runs on every supported search page: a few kB that look
 * for an AI answer and, once one is there, ask the background to inject the full
 * overlay (`answers.content`). Pages without an answer pay almost nothing.
 * Its `matches` are replaced at build time with the adapters' patterns (wxt.config.ts).
 */
export default defineContentScript({
  matches: ['https://www.google.com/search*'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    const found = () => {
      // Read at each check: single-page sites change their address without loading a page.
      const selector = presenceSelector(location.href);
      return selector !== '' && document.querySelector(selector) !== null;
    };
    const inject = () => {
      // The wire format of @webext-core/messaging, without bundling it here.
      chrome.runtime.sendMessage({ id: 0, type: 'injectOverlay', data: undefined, timestamp: Date.now() }, () => {
        void chrome.runtime.lastError;
      });
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
    ctx.onInvalidated(() => observer.disconnect());
  },
});
