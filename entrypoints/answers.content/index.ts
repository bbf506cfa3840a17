import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentScriptMatches } from '../../utils/adapters/registry';
import { runOverlay } from '../../utils/content/run-overlay';
import '../../components/overlay/strip.css';

export default defineContentScript({
  matches: contentScriptMatches(),
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main: (ctx) => runOverlay(ctx),
});
