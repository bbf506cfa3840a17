import { defineContentScript } from 'wxt/utils/define-content-script';
import { IsolatedContext } from '../../utils/content/isolated-context';
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
  // WXT's own context (the argument, unused) can be invalidated by any page script that dispatches its
  // script-started event; the overlay runs on a context that hears nothing from the page (isolated-context.ts).
  main: () => runOverlay(new IsolatedContext('answers', { noScriptStartedPostMessage: true })),
});
