import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { AnswerStore, SendEvents } from '../../components/overlay/state/answer-store';
import type { FeedbackEvent } from '../../storage/schema';
import { clipText } from '../text/well-formed';
import { makeEvent } from './make-event';
import { trusted } from './trusted-events';

/** Dwell thresholds from the implicit-feedback literature: < 10 s dissatisfied, >= 30 s satisfied. */
export const QUICK_RETURN_MS = 10_000;
export const SATISFIED_DWELL_MS = 30_000;

type ImplicitValue = Extract<FeedbackEvent, { kind: 'implicit' }>['value'];

interface Options {
  root: Element;
  store: AnswerStore;
  send: SendEvents;
  /** Same canonicalisation the adapters apply to source URLs. */
  canonicalize(href: string): string | null;
  now?: () => number;
}

/**
 * Passive signals on one answer: clicks on its sources (with position), dwell
 * on the clicked source, copying answer text, expanding "show more".
 * Listeners go through `ctx`, so they are removed with the content script.
 */
export function watchPassiveSignals(ctx: ContentScriptContext, options: Options): void {
  const { root, store, send, canonicalize, now = Date.now } = options;
  const doc = root.ownerDocument;
  let pendingClick: { sourceId: string; url: string; position: number; at: number } | null = null;

  const emit = (stage: FeedbackEvent['stage'], target: FeedbackEvent['target'], value: ImplicitValue) => {
    const { traceId } = store.getState();
    if (!traceId) return;
    void send([makeEvent(traceId, { stage, target, kind: 'implicit', value })]);
  };

  ctx.addEventListener(
    doc,
    'click',
    // Page scripts can dispatch clicks, copies and visibility changes: only the browser's own count.
    trusted((event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      const link = target.closest('a[href]');
      if (link) {
        const url = canonicalize(link.getAttribute('href') ?? '');
        const source = url ? store.getState().trace.sources.find((s) => s.url === url) : undefined;
        if (source && url) {
          pendingClick = { sourceId: source.id, url, position: source.position, at: now() };
          emit(
            'retrieval',
            { type: 'source', sourceId: source.id },
            { signal: 'source_click', position: source.position, url },
          );
        }
        return;
      }
      const toggle = target.closest('[aria-expanded="false"]');
      if (toggle && root.contains(toggle) && /more|expand|mehr|plus/i.test(toggle.textContent ?? '')) {
        emit('answer', { type: 'stage' }, { signal: 'expand' });
      }
    }),
    { capture: true },
  );

  const settleDwell = () => {
    if (!pendingClick || doc.visibilityState !== 'visible') return;
    const dwellMs = Math.round(now() - pendingClick.at);
    const { sourceId, url, position } = pendingClick;
    pendingClick = null;
    if (dwellMs < 500) return; // no real visit happened (e.g. a middle click that opened a background tab)
    emit('retrieval', { type: 'source', sourceId }, { signal: 'dwell', dwellMs, position, url });
  };
  ctx.addEventListener(doc, 'visibilitychange', trusted(settleDwell));
  // Same-tab visits come back through the back/forward cache, with this script still alive.
  ctx.addEventListener(
    window,
    'pageshow',
    trusted((e: PageTransitionEvent) => e.persisted && settleDwell()),
  );

  ctx.addEventListener(
    doc,
    'copy',
    trusted(() => {
      const selection = doc.getSelection();
      if (!selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!root.contains(range.commonAncestorContainer)) return;
      const text = selection.toString().trim();
      if (text) emit('answer', { type: 'stage' }, { signal: 'copy', text: clipText(text, 2_000) });
    }),
  );
}

export function dwellVerdict(dwellMs: number): 'quick_return' | 'satisfied' | 'neutral' {
  if (dwellMs < QUICK_RETURN_MS) return 'quick_return';
  return dwellMs >= SATISFIED_DWELL_MS ? 'satisfied' : 'neutral';
}
