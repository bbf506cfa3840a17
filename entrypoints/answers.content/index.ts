import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentScriptMatches } from '../../utils/adapters/registry';
import { runOverlay } from '../../utils/content/run-overlay';

export default defineContentScript({
  matches: contentScriptMatches(),
  // Bing Copilot Search renders its answer inside an iframe.
  allFrames: true,
  cssInjectionMode: 'manual',
  runAt: 'document_idle',
  main: (ctx) => runOverlay(ctx),
});
