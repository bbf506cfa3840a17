import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { paintFirstFrame } from '../components/popup/first-paint';

declare global {
  interface Window {
    /** Settles once the first frame is painted; the popup's module script waits for it before loading React. */
    stagebackFirstPaint?: Promise<void>;
  }
}

// A classic script at the end of the popup's <body>, bundled on its own (no shared chunks to fetch first): it runs
// as soon as the markup is parsed, before any module script.
export default defineUnlistedScript(() => {
  window.stagebackFirstPaint = paintFirstFrame(document, indexedDB, localStorage);
});
