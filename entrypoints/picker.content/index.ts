import { defineContentScript } from 'wxt/utils/define-content-script';
import { runPicker } from '../../utils/taught/picker/run-picker';

// Not in the manifest: injected into one tab when the user chooses "Teach Stageback" in the popup or the page's
// menu (activeTab, or the host permission just asked for).
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  cssInjectionMode: 'manual',
  noScriptStartedPostMessage: true, // as in answers.content
  main: () => runPicker(),
});
