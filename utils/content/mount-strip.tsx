import { hydrateRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { Strip } from '../../components/overlay/Strip';
import type { AnswerStore } from '../../components/overlay/state/answer-store';
import stripCss from '../../components/overlay/strip.css?inline';
import { drawStripFirstFrame } from '../../components/overlay/strip-first-frame';
import { AnswerStoreContext } from '../../components/overlay/use-answer';
import { detectSiteTheme } from './site-theme';
import { refuseUntrustedInput } from './trusted-events';

export const UI_TAG = 'stageback-strip';

/** What the strip's shadow root holds: its plain-DOM first frame, then (once used) the Preact strip. */
export interface MountedStrip {
  /** Moves focus to the strip's first enabled control; false when it has none. */
  focus(): boolean;
  unmount(): void;
}

/** Anything that comes before a click, a key or a tap: Preact must own the strip before the action arrives. */
const INTENT_EVENTS = ['pointerover', 'pointerdown', 'focusin', 'keydown', 'click'] as const;

function stripInShadow(container: HTMLElement, host: HTMLElement, store: AnswerStore): MountedStrip {
  const frame = drawStripFirstFrame(container, store.getState());
  let root: Root | null = null;
  const unsubscribe = store.subscribe((state) => {
    frame.update(state);
    if (state.openStage || state.refined || state.proposals.length > 0 || state.modelNote) takeOver();
  });
  for (const type of INTENT_EVENTS) container.addEventListener(type, takeOver, { capture: true });

  function stopFrame() {
    unsubscribe();
    for (const type of INTENT_EVENTS) container.removeEventListener(type, takeOver, { capture: true });
  }
  function takeOver() {
    if (root) return;
    stopFrame();
    // Hydration adopts the nodes already in the container and sets its listeners on them, so focus and hover
    // carry over, and a click with no pointer before it (assistive technology's press action) reaches the
    // listener added here during its capture phase. Script-made clicks never get here (refuseUntrustedInput). The frame shows the store's current state, the
    // same markup the strip renders for it (tests/unit/strip-first-frame.test.tsx), so nothing needs patching.
    root = hydrateRoot(
      container,
      <AnswerStoreContext.Provider value={store}>
        <Strip />
      </AnswerStoreContext.Provider>,
    );
  }
  return {
    focus() {
      const button = container.querySelector<HTMLElement>('button:not([disabled])');
      if (!button) return false;
      host.scrollIntoView({ block: 'nearest' });
      button.focus();
      return true;
    },
    unmount() {
      stopFrame();
      root?.unmount();
    },
  };
}

/** Puts the strip in a shadow root just before the answer, so it never covers the answer text. */
export async function mountStrip(
  ctx: ContentScriptContext,
  anchor: Element,
  store: AnswerStore,
  placement: 'before' | 'inside' = 'before',
): Promise<ShadowRootContentScriptUi<MountedStrip>> {
  // Read before the host is inserted: afterwards getComputedStyle would force a style pass over the page.
  const theme = detectSiteTheme(anchor.ownerDocument);
  const ui = await createShadowRootUi<MountedStrip>(ctx, {
    name: UI_TAG,
    // Closed: page scripts get null for `host.shadowRoot`, so they can neither read the user's answers
    // (aria-pressed) nor reach a control to click. Our code keeps the references it needs.
    mode: 'closed',
    // Inline CSS: no web-accessible resource for sites to probe, and it works in injected scripts.
    css: stripCss,
    position: 'inline',
    anchor,
    append: placement === 'inside' ? 'first' : 'before',
    onMount(container, shadow, host) {
      host.setAttribute('data-theme', theme);
      refuseUntrustedInput(shadow);
      return stripInShadow(container, host, store);
    },
    onRemove: (strip) => strip?.unmount(),
  });
  ui.mount();
  return ui;
}
