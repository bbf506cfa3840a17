import { defineContentScript } from 'wxt/utils/define-content-script';
import { IsolatedContext } from '../../utils/content/isolated-context';
import { runSelectionCapture } from '../../utils/content/run-selection-capture';

// Not in the manifest: injected on demand into the active tab (activeTab) when the
// user chooses "Give feedback on this answer" on a selection, on any site.
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  cssInjectionMode: 'manual',
  noScriptStartedPostMessage: true, // as in answers.content
  main: () => runSelectionCapture(new IsolatedContext('selection', { noScriptStartedPostMessage: true })), // as in answers.content
});
