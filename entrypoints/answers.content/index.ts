import { defineContentScript } from 'wxt/utils/define-content-script';
import { runOverlay } from '../../utils/content/run-overlay';

// Not in the manifest: the detector script asks the background to inject it into a frame that
// shows an AI answer (utils/background/setup-overlay-injection.ts).
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  cssInjectionMode: 'manual',
  runAt: 'document_idle',
  // WXT would also announce the script on the page's window (a message whose type names the extension): the
  // page needs neither that signal nor the work its own message listeners do on it.
  noScriptStartedPostMessage: true,
  main: (ctx) => runOverlay(ctx),
});
