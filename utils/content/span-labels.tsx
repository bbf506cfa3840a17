import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { pageArea } from '../../components/overlay/dock';
import { SelectionToolbar } from '../../components/overlay/SelectionToolbar';
import { type AnswerStore, controlKey, type Pointed } from '../../components/overlay/state/answer-store';
import { spanKey } from '../../components/overlay/state/control-keys';
import stripCss from '../../components/overlay/strip.css?inline';
import type { SPAN_LABELS } from '../../storage/labels';
import { anchor } from '../anchoring/anchor';
import { describeRange } from '../anchoring/describe';
import { createHighlighter, type Highlighter, highlightCss } from '../anchoring/highlight';
import { buildTextMap } from '../anchoring/text-map';
import { bringIntoView } from './bring-into-view';
import { FLOATING_HOST_CSS, placeBelow } from './floating-host';
import { UI_TAG } from './mount-strip';
import { detectSiteTheme } from './site-theme';
import { linksToSource } from './source-links';
import { refuseUntrustedInput, trusted } from './trusted-events';

const TOOLBAR_TAG = 'stageback-toolbar';
/** The highlight of the sentence or source whose item has focus in a panel. */
const POINTED = 'stageback-pointed';
const POINTED_CSS = `::highlight(${POINTED}){background-color:rgb(250 204 21 / 0.4);}`;
const EXCLUDE = [UI_TAG, TOOLBAR_TAG];
interface Answer {
  root: Element;
  store: AnswerStore;
}

/**
 * Span labels on the page: selecting text inside a complete answer opens a
 * small toolbar; labelled spans are painted with the CSS Custom Highlight API
 * (the site's DOM is never changed) and re-anchored by quote and position
 * whenever the answer re-renders. Labels that cannot be found are reported as
 * orphans to the store, which lists them in the Answer panel.
 */
export function createSpanLabels(ctx: ContentScriptContext) {
  const answers = new Set<Answer>();
  let highlighter: Highlighter | null = null;
  let toolbar: ShadowRootContentScriptUi<Root> | null = null;

  const ensureHighlighter = () => {
    if (highlighter) return highlighter;
    highlighter = createHighlighter(document);
    const style = document.createElement('style');
    style.dataset.stageback = 'highlights';
    style.textContent = `${highlightCss({ theme: detectSiteTheme(document) })}\n${POINTED_CSS}`;
    (document.head ?? document.documentElement).append(style);
    ctx.onInvalidated(() => {
      style.remove();
      highlighter?.clear();
      globalThis.CSS?.highlights?.delete(POINTED);
    });
    return highlighter;
  };

  const repaint = (answer: Answer) => {
    const { given } = answer.store.getState();
    const spans = Object.entries(given).filter(([, e]) => e.target.type === 'span' && e.kind === 'label');
    if (spans.length === 0) return;
    const paint = ensureHighlighter();
    const map = buildTextMap(answer.root, { exclude: EXCLUDE });
    const orphans: string[] = [];
    for (const [key, event] of spans) {
      if (event.target.type !== 'span' || event.kind !== 'label') continue;
      const range = anchor(
        answer.root,
        { quote: event.target.quote, position: event.target.position },
        { textMap: map },
      );
      if (range) paint.set(key, range, event.value.label as (typeof SPAN_LABELS)[number]);
      else {
        paint.delete(key);
        orphans.push(key);
      }
    }
    answer.store.getState().setOrphans(orphans);
  };

  /** Marks the sentence or source a panel item is about on the page and brings it into view; null clears it. */
  const point = (answer: Answer, pointed: Pointed | null) => {
    ensureHighlighter();
    const registry = globalThis.CSS?.highlights;
    if (!registry || typeof Highlight === 'undefined') return;
    const ranges = pointed ? rangesOf(answer, pointed) : [];
    const first = ranges[0];
    if (!first) return void registry.delete(POINTED);
    registry.set(POINTED, new Highlight(...ranges));
    const at = first.startContainer.parentElement;
    if (at) bringIntoView(at, pageArea(answer.store.getState().dock, window.innerHeight));
  };

  /** A source is marked where the page shows it (its links) and where the answer uses it (its citing sentences). */
  const rangesOf = (answer: Answer, pointed: Pointed): Range[] => {
    const { trace } = answer.store.getState();
    if (pointed.type === 'source') {
      const source = trace.sources.find((s) => s.id === pointed.id);
      if (!source) return [];
      const links = linksToSource(answer.root, source).map((link) => {
        const range = document.createRange();
        range.selectNodeContents(link);
        return range;
      });
      const citing = source.citingSentenceIds.flatMap((id) => sentenceRange(answer, id) ?? []);
      return [...links, ...citing].sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    }
    const range = sentenceRange(answer, pointed.id);
    return range ? [range] : [];
  };

  const sentenceRange = (answer: Answer, sentenceId: string): Range | null => {
    const { trace } = answer.store.getState();
    const sentence = trace.answer.sentences.find((s) => s.id === sentenceId);
    if (!sentence) return null;
    return anchor(
      answer.root,
      {
        quote: {
          exact: trace.answer.text.slice(sentence.start, sentence.end),
          prefix: trace.answer.text.slice(Math.max(0, sentence.start - 32), sentence.start),
          suffix: trace.answer.text.slice(sentence.end, sentence.end + 32),
        },
        position: { start: sentence.start, end: sentence.end },
      },
      { exclude: EXCLUDE },
    );
  };

  // Where focus was before Alt+Shift+L moved it into the toolbar: it goes back there when the toolbar goes.
  let focusBefore: HTMLElement | null = null;
  /** The span the toolbar is open (or opening) for; cleared when it goes, which also cancels one still opening. */
  let shownFor: string | null = null;
  const hideToolbar = () => {
    shownFor = null;
    const hadFocus = toolbar?.shadow.activeElement != null;
    toolbar?.remove();
    toolbar = null;
    if (hadFocus && focusBefore?.isConnected) focusBefore.focus({ preventScroll: true });
    focusBefore = null;
  };

  const showToolbar = async (answer: Answer, range: Range) => {
    const { trace } = answer.store.getState();
    const described = describeRange(answer.root, range, trace.answer.text, { exclude: EXCLUDE });
    if (!described) return hideToolbar();
    // The same selection again (a second key up, a release after a click): the toolbar there stays, with its focus.
    const key = `${trace.id}|${spanKey(described.position.start, described.position.end)}`;
    if (shownFor === key) return;
    const rect = range.getBoundingClientRect();
    hideToolbar();
    shownFor = key;
    const ui = await createShadowRootUi<Root>(ctx, {
      name: TOOLBAR_TAG,
      mode: 'closed', // as the strip's (mount-strip.ts); `toolbar.shadow` is our reference
      css: `${stripCss}\n${FLOATING_HOST_CSS}`,
      position: 'inline',
      anchor: document.body,
      append: 'last',
      onMount(container, shadow, host) {
        refuseUntrustedInput(shadow);
        host.setAttribute('data-theme', detectSiteTheme(document));
        const root = createRoot(container);
        const onLabel = (label: (typeof SPAN_LABELS)[number], comment: string) => {
          const target = { type: 'span' as const, ...described };
          const key = spanKey(described.position.start, described.position.end);
          const { give } = answer.store.getState();
          void give(controlKey('answer', key, `label:${label}`), {
            stage: 'answer',
            target,
            kind: 'label',
            value: { label },
          }).then(() => repaint(answer));
          if (comment)
            void give(controlKey('answer', key, 'comment'), {
              stage: 'answer',
              target,
              kind: 'comment',
              value: comment,
            });
          // The caret stays at the end of what was labelled (it is painted now): reading, and Tab, go on from there.
          document.getSelection()?.collapseToEnd();
          hideToolbar();
        };
        root.render(<SelectionToolbar quote={described.quote.exact} onLabel={onLabel} onClose={hideToolbar} />);
        return root;
      },
      onRemove: (root) => root?.unmount(),
    });
    if (shownFor !== key) return ui.remove();
    ui.mount();
    placeBelow(ui.shadowHost, rect);
    toolbar = ui;
  };

  const onSelectionDone = () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    for (const answer of answers) {
      if (!answer.root.contains(range.commonAncestorContainer)) continue;
      if (!answer.store.getState().trace.answer.complete) return;
      void showToolbar(answer, range);
      return;
    }
  };

  // Only the user's own mouse and keys open, close or focus the toolbar: a page script can select text and
  // dispatch a mouseup or key event, but not one the browser calls trusted.
  ctx.addEventListener(
    document,
    'mouseup',
    trusted((e: MouseEvent) => {
      if ((e.target as Element | null)?.closest?.(TOOLBAR_TAG)) return;
      requestAnimationFrame(onSelectionDone);
    }),
  );
  ctx.addEventListener(
    document,
    'keyup',
    trusted((e: KeyboardEvent) => {
      if (e.key === 'Escape') return hideToolbar();
      // The end of a Shift+arrow selection; not a chord's key let go (Alt+Shift+L moves into the toolbar, and
      // rebuilding the toolbar then would drop the focus it just gave), nor a key pressed inside the toolbar.
      if ((e.target as Element | null)?.closest?.(TOOLBAR_TAG)) return;
      if (e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) requestAnimationFrame(onSelectionDone);
    }),
  );
  // Alt+Shift+L moves focus into the toolbar, for keyboard users who selected with Shift+arrows.
  ctx.addEventListener(
    document,
    'keydown',
    trusted((e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && e.code === 'KeyL' && toolbar) {
        const active = document.activeElement;
        focusBefore = active instanceof HTMLElement && active !== document.body ? active : null;
        toolbar.shadow.querySelector<HTMLElement>('button')?.focus();
      }
    }),
  );

  return {
    add(root: Element, store: AnswerStore) {
      const answer = { root, store };
      answers.add(answer);
      const stop = store.subscribe((s, prev) => {
        if (s.given !== prev.given) repaint(answer);
        if (s.pointed !== prev.pointed) point(answer, s.pointed);
      });
      return {
        repaint: () => repaint(answer),
        remove() {
          stop();
          answers.delete(answer);
        },
      };
    },
  };
}
