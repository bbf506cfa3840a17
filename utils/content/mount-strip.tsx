import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Strip } from '../../components/overlay/Strip';
import type { AnswerStore } from '../../components/overlay/state/answer-store';
import stripCss from '../../components/overlay/strip.css?inline';
import { AnswerStoreContext } from '../../components/overlay/use-answer';
import { detectSiteTheme } from './site-theme';

export const UI_TAG = 'stageback-strip';

/** Puts the strip in a shadow root just before the answer, so it never covers the answer text. */
export async function mountStrip(
  ctx: ContentScriptContext,
  anchor: Element,
  store: AnswerStore,
): Promise<ShadowRootContentScriptUi<Root>> {
  // Read before the host is inserted: afterwards getComputedStyle would force a style pass over the page.
  const theme = detectSiteTheme(anchor.ownerDocument);
  const ui = await createShadowRootUi<Root>(ctx, {
    name: UI_TAG,
    // Inline CSS: no web-accessible resource for sites to probe, and it works in injected scripts.
    css: stripCss,
    position: 'inline',
    anchor,
    append: 'before',
    onMount(container, _shadow, host) {
      host.setAttribute('data-theme', theme);
      const root = createRoot(container);
      root.render(
        <AnswerStoreContext.Provider value={store}>
          <Strip />
        </AnswerStoreContext.Provider>,
      );
      return root;
    },
    onRemove: (root) => root?.unmount(),
  });
  ui.mount();
  return ui;
}
