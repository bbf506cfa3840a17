import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { paintFirstFrame } from '../components/popup/first-paint';
import type { DashboardCounts } from '../storage/queries/dashboard';

declare global {
  interface Window {
    /** Settles with the counts once the first frame is painted; the popup waits for it before loading React. */
    stagebackFirstPaint?: Promise<DashboardCounts | undefined>;
  }
}

// A classic script at the end of the popup's <body>, bundled on its own (no shared chunks to fetch first): it runs
// as soon as the markup is parsed, before any module script.
export default defineUnlistedScript(() => {
  window.stagebackFirstPaint = paintFirstFrame(document, indexedDB, localStorage);
});
