import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { CitationCard } from '../../components/overlay/CitationCard';
import type { AnswerStore } from '../../components/overlay/state/answer-store';
import { gradeKey, gradePayload, supportKey, supportPayload } from '../../components/overlay/state/judgements';
import stripCss from '../../components/overlay/strip.css?inline';
import { AnswerStoreContext } from '../../components/overlay/use-answer';
import { type CITATION_LABELS, RELEVANCE_GRADES } from '../../storage/labels';
import type { Source } from '../../storage/schema';
import { locateInText } from '../anchoring/locate';
import { buildTextMap } from '../anchoring/text-map';
import { FLOATING_HOST_CSS, placeBelow } from './floating-host';
import { UI_TAG } from './mount-strip';
import { detectSiteTheme } from './site-theme';
import { sourceOfLink } from './source-links';
import { refuseUntrustedInput, trusted } from './trusted-events';

const CARD_TAG = 'stageback-card';
/** How long the card waits before it goes, once the pointer has left both the link and the card. */
const HIDE_DELAY_MS = 300;
const SUPPORT_KEYS: Record<string, (typeof CITATION_LABELS)[number]> = {
  s: 'supports',
  p: 'partially_supports',
  n: 'does_not_support',
};

interface Answer {
  root: Element;
  store: AnswerStore;
}

interface Marker {
  link: HTMLAnchorElement;
  answer: Answer;
  source: Source;
}

/**
 * Controls at the thing being judged: the page's own links to a cited source (its citation chips and source
 * cards) get a card on hover and on keyboard focus, with the source's 0–3 grade in words and the support of the
 * sentence the link follows. With the link focused, keys grade without leaving it (0–3, S / P / N). Nothing is
 * added to the site's DOM but the card's host at the end of <body>; only the user's own input counts.
 */
export function createCitationCards(ctx: ContentScriptContext) {
  const answers = new Set<Answer>();
  // How the card came: a hover card goes when the pointer leaves, a focus card when focus leaves.
  let card: { ui: ShadowRootContentScriptUi<Root>; link: HTMLAnchorElement; by: 'hover' | 'focus' } | null = null;
  let showing: HTMLAnchorElement | null = null;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  const markerOf = (target: EventTarget | null): Marker | null => {
    const link = (target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement)) return null;
    for (const answer of answers) {
      if (!answer.root.contains(link)) continue;
      const source = sourceOfLink(link, answer.store.getState().trace.sources);
      return source ? { link, answer, source } : null;
    }
    return null;
  };

  const hide = () => {
    clearTimeout(hideTimer);
    card?.ui.remove();
    card = null;
  };
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY_MS);
  };

  const show = async (marker: Marker, by: 'hover' | 'focus') => {
    clearTimeout(hideTimer);
    if (card?.link === marker.link) {
      if (by === 'focus') card.by = 'focus';
      return;
    }
    // Events come faster than a shadow root is made: one card at a time, for the latest link.
    if (showing === marker.link) return;
    showing = marker.link;
    hide();
    const { link, answer, source } = marker;
    const sentenceId = sentenceBefore(answer, link, source);
    const ui = await createShadowRootUi(ctx, {
      name: CARD_TAG,
      mode: 'closed',
      css: `${stripCss}\n${FLOATING_HOST_CSS}`,
      position: 'inline',
      anchor: document.body,
      append: 'last',
      onMount(container, shadow, host) {
        refuseUntrustedInput(shadow);
        host.setAttribute('data-theme', detectSiteTheme(document));
        host.addEventListener('mouseenter', () => clearTimeout(hideTimer));
        host.addEventListener('mouseleave', hideSoon);
        const root = createRoot(container);
        root.render(
          <AnswerStoreContext.Provider value={answer.store}>
            <CitationCard sourceId={source.id} sentenceId={sentenceId} onClose={hide} />
          </AnswerStoreContext.Provider>,
        );
        return root;
      },
      onRemove: (root) => root?.unmount(),
    });
    if (showing !== link) return ui.remove();
    showing = null;
    ui.mount();
    placeBelow(ui.shadowHost, link.getBoundingClientRect());
    card = { ui, link, by };
  };

  /**
   * With a panel open for long work, the link the pointer is on selects its source or citation pair there;
   * true when it did, and the panel floats (so no card is wanted).
   */
  const selectInPanel = ({ answer, link, source }: Marker): boolean => {
    const { openStage, select, dock } = answer.store.getState();
    if (openStage !== 'retrieval' && openStage !== 'answer') return false;
    select({ sourceId: source.id, sentenceId: sentenceBefore(answer, link, source) });
    return dock !== null;
  };

  /** A key pressed with one of the page's citation links focused: a grade or a support label, as in the card. */
  const onKey = (marker: Marker, key: string): boolean => {
    const { answer, source, link } = marker;
    const { give, traceId } = answer.store.getState();
    if (traceId === null) return false;
    const grade = RELEVANCE_GRADES.find((g) => String(g) === key);
    if (grade !== undefined) {
      void give(gradeKey(source.id), gradePayload(source.id, grade));
      return true;
    }
    const label = SUPPORT_KEYS[key];
    const sentenceId = label ? sentenceBefore(answer, link, source) : null;
    if (!label || !sentenceId) return false;
    void give(supportKey(sentenceId, source.id), supportPayload(sentenceId, source.id, label));
    return true;
  };

  ctx.addEventListener(
    document,
    'mouseover',
    trusted((e: MouseEvent) => {
      const marker = markerOf(e.target);
      // With a floating panel open, the panel is where the link's item is graded: no card over it.
      if (marker) {
        if (!selectInPanel(marker)) void show(marker, 'hover');
      } else if (card?.by === 'hover' && !(e.target as Element | null)?.closest?.(CARD_TAG)) hideSoon();
    }),
  );
  ctx.addEventListener(
    document,
    'focusin',
    trusted((e: FocusEvent) => {
      const marker = markerOf(e.target);
      if (marker) void show(marker, 'focus');
      else if (card?.by === 'focus' && !(e.target as Element | null)?.closest?.(CARD_TAG)) hide();
    }),
  );
  ctx.addEventListener(
    document,
    'keydown',
    trusted((e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey) return;
      const marker = markerOf(document.activeElement);
      if (!marker) return;
      if (e.key === 'Escape' && card) return hide();
      // Alt+Shift+L moves focus into the card, as it does into the span toolbar.
      if (e.altKey && e.shiftKey && e.code === 'KeyL') {
        e.preventDefault();
        return void card?.ui.shadow.querySelector<HTMLElement>('button:not([disabled])')?.focus();
      }
      if (e.altKey || e.shiftKey || !onKey(marker, e.key.toLowerCase())) return;
      e.preventDefault();
      e.stopPropagation();
    }),
  );
  ctx.onInvalidated(hide);

  return {
    add(root: Element, store: AnswerStore) {
      const answer = { root, store };
      answers.add(answer);
      return {
        remove() {
          answers.delete(answer);
          if (card && root.contains(card.link)) hide();
        },
      };
    },
  };
}

/**
 * The sentence a citation link follows: the only sentence citing its source, else the sentence whose text ends
 * just before the link (read through a text map of the live answer and found again in the stored answer text).
 */
function sentenceBefore(answer: Answer, link: Element, source: Source): string | null {
  const { trace } = answer.store.getState();
  const citing = trace.answer.sentences.filter((s) => source.citingSentenceIds.includes(s.id));
  if (citing.length === 1) return citing[0]?.id ?? null;
  const map = buildTextMap(answer.root, { exclude: [UI_TAG, CARD_TAG] });
  const range = document.createRange();
  range.setStart(answer.root, 0);
  range.setEndBefore(link);
  const end = map.rangeToOffsets(range)?.end ?? 0;
  const before = map.text.slice(Math.max(0, end - 48), end).trim();
  const found = before ? locateInText(trace.answer.text, { quote: { exact: before, prefix: '', suffix: '' } }) : null;
  if (!found) return citing[0]?.id ?? null;
  const at = found.end;
  const sentence = [...trace.answer.sentences].reverse().find((s) => s.start < at);
  return sentence?.id ?? citing[0]?.id ?? null;
}
