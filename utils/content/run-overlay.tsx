import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { type AnswerStore, createAnswerStore } from '../../components/overlay/state/answer-store';
import { givenFrom } from '../../components/overlay/state/control-keys';
import type { Trace, TraceDraft } from '../../storage/schema';
import type { SiteDataResult } from '../adapters/common/site-data';
import { toTraceDraft } from '../adapters/read-page';
import { adaptersForUrl } from '../adapters/registry';
import type { AdapterReading, ReadOptions, SiteAdapter } from '../adapters/types';
import { t } from '../i18n';
import { contentMessaging, type RefinementBasis, sendMessage } from '../messaging/protocol';
import { compareAnswers } from '../refine/compare';
import type { Settings } from '../settings';
import { DEFAULT_SETTINGS, siteSettings } from '../settings-defaults';
import { tryCanonicalizeUrl } from '../url/canonicalize';
import { prefillChatInput } from './chat-input';
import { createCitationCards } from './citation-cards';
import { frameScheduler } from './frame-scheduler';
import { watchLocation } from './isolated-context';
import { type MountedStrip, mountStrip, UI_TAG } from './mount-strip';
import { watchPassiveSignals } from './passive-signals';
import { isSearchResultsPage, recordQueryChange } from './query-signals';
import { reportAnswers, reportFromStrip } from './report-page';
import { eventSender, type Stored, withRetry } from './send-events';
import { createSentencePointing } from './sentence-pointing';
import { showProposals } from './shadow-proposals';
import { createSpanLabels } from './span-labels';
import { taughtAdaptersHere } from './taught-adapters';
import { createVisibilityGate } from './when-visible';

interface MountedAnswer {
  adapter: SiteAdapter;
  store: AnswerStore;
  spans: { repaint(): void; remove(): void };
  /** The card at the page's own citation links of this answer. */
  cards: { remove(): void };
  pointing: { remove(): void };
  /** Whether this answer is a question the user asked (decided when it appears). */
  asksQuestion: boolean;
  /** Null while the shadow root is being created. */
  ui: ShadowRootContentScriptUi<MountedStrip> | null;
  /** Whether its trace has been stored (it may be held on the page first, when the store is full). */
  captured: boolean;
  /** Set when this answer refines another ("Refine" opened its tab): what it is compared with. */
  basis?: Promise<ComparisonBasis | null>;
}

/** What a refined answer is compared with: the original answer and its feedback. */
interface ComparisonBasis {
  link: NonNullable<Trace['refinedFrom']>;
  original: Pick<Trace, 'query' | 'sources' | 'answer'>;
  feedback: RefinementBasis['feedback'];
  /** The refined search gave the original answer back (the same trace). */
  unchanged: boolean;
}

const send = eventSender.send;

/** Finds AI answers on the page, captures each as a trace and attaches the strip to it. */
export async function runOverlay(ctx: ContentScriptContext): Promise<void> {
  // Injected on demand: a second injection into the same frame must not mount a second overlay.
  const world = globalThis as { stagebackOverlay?: boolean };
  if (world.stagebackOverlay) return;
  world.stagebackOverlay = true;
  ctx.onInvalidated(() => {
    world.stagebackOverlay = false;
  });
  const [settings, taught] = await Promise.all([readSettings(), taughtAdaptersHere()]);
  if (settings.paused) return;
  if (browser.extension?.inIncognitoContext && !settings.privateWindows) return;

  const mounted = new Map<Element, MountedAnswer>();
  const failed = new Set<string>();
  // The site's own JSON, fetched at most once per adapter and page address.
  const siteData = new Map<string, Promise<SiteDataResult | null>>();
  const siteDataFor = (adapter: SiteAdapter) => {
    if (!adapter.fetchSiteData) return null;
    const key = `${adapter.id} ${location.href}`;
    if (!siteData.has(key))
      siteData.set(
        key,
        adapter.fetchSiteData(new URL(location.href)).catch(() => null),
      );
    return siteData.get(key) ?? null;
  };
  const spanLabels = createSpanLabels(ctx);
  const citationCards = createCitationCards(ctx);
  const sentencePointing = createSentencePointing(ctx);
  const visibility = createVisibilityGate(ctx);

  // Only a new question says something about the previous answer: the first answer of a page load,
  // or an answer that appears later in a chat thread (a follow-up). Other answers on a results page
  // (e.g. "People also ask") are not questions the user asked.
  let notedThisPage = false;
  let initialScanDone = false;
  const asksQuestion = () => {
    const asks = !notedThisPage || (initialScanDone && !isSearchResultsPage(new URL(location.href)));
    notedThisPage = true;
    return asks;
  };

  const capture = async (m: MountedAnswer, reading: AdapterReading) => {
    const { trace, traceId } = m.store.getState();
    // Re-captures (a streaming answer that grew) update the stored trace in place.
    const draft = { ...toTraceDraft(m.adapter, reading, new URL(location.href), new Date()), id: traceId ?? trace.id };
    const site = await siteDataFor(m.adapter);
    if (site?.ok && draft.subqueries.length === 0 && site.data.subqueries.length > 0) {
      // A thread's JSON covers the whole thread: its sub-queries go to each answer that shows none.
      draft.subqueries = site.data.subqueries;
      draft.availability = { ...draft.availability, decomposition: 'read' };
      draft.readPaths = { ...draft.readPaths, subqueries: 'site-data' };
    }
    m.store.getState().setTrace(draft, null);
    const result = await eventSender.capture(draft, (traceId, stored) => void captured(m, draft, traceId, stored));
    if (result.ok) return;
    if ('kept' in result) {
      // Not stored yet (a full or silent store): the trace is kept and retried like events. Feedback is taken
      // meanwhile, with the draft's id, and kept until the trace lands; the strip says why nothing is saved yet.
      if (m.store.getState().traceId === null) m.store.getState().setTrace(m.store.getState().trace, draft.id);
    } else if (m.store.getState().traceId === null) {
      m.store.setState({
        status: { kind: 'error', message: t('stripNotRecorded', result.message) },
      });
    }
  };

  /** The trace landed in the store (at once, or later when kept): the strip takes its id and what was said before. */
  const captured = async (m: MountedAnswer, draft: TraceDraft, traceId: string, stored: Stored) => {
    const first = !m.captured;
    m.captured = true;
    if (stored.refinedFrom && !m.basis) {
      m.basis = sendMessage('getRefinementBasis', traceId)
        .then((r) =>
          r.ok && r.data
            ? {
                link: { traceId: r.data.original.id, refinementId: r.data.refinement.id },
                original: r.data.original,
                feedback: r.data.feedback,
                unchanged: false,
              }
            : null,
        )
        .catch(() => null);
    } else if (stored.refinedUnchanged && !m.basis) {
      const link = stored.refinedUnchanged;
      m.basis = sendMessage('getTraceFeedback', traceId)
        .then((r) => (r.ok ? { link, original: draft, feedback: r.data, unchanged: true } : null))
        .catch(() => null);
    }
    void showComparison(m);
    if (!first) {
      m.store.getState().setTrace(m.store.getState().trace, traceId);
      return m.spans.repaint();
    }
    // What the user said before is read back before the controls take the stored id: a press in between would
    // not know it (pressing the chosen thumb again must withdraw it, not record it twice).
    const earlier = await sendMessage('getTraceFeedback', traceId).catch(() => null);
    m.store.getState().setTrace(m.store.getState().trace, traceId);
    if (earlier?.ok && earlier.data.length > 0) m.store.getState().hydrate(givenFrom(earlier.data));
    void showProposals(m.store, traceId);
    if (siteSettings(settings, m.adapter.id).passiveSignals && m.asksQuestion) {
      const noted = await sendMessage('noteQuery', {
        traceId,
        query: draft.query,
        pageUrl: draft.pageUrl,
      }).catch(() => null);
      if (noted?.ok) await recordQueryChange(noted.data.previous, draft.query, draft.pageUrl, send);
    }
  };

  const attach = (adapter: SiteAdapter, reading: AdapterReading) => {
    const draft = toTraceDraft(adapter, reading, new URL(location.href), new Date());
    const store = createAnswerStore(draft, send, eventSender.unsaved);
    store.setState({ refineActions: refineActions(store), reportPage: () => reportFromStrip(store, reading.root) });
    const m: MountedAnswer = {
      adapter,
      store,
      spans: spanLabels.add(reading.root, store),
      cards: citationCards.add(reading.root, store),
      pointing: sentencePointing.add(reading.root, store),
      asksQuestion: asksQuestion(),
      ui: null,
      captured: false,
    };
    mounted.set(reading.root, m);
    void capture(m, reading);
    if (siteSettings(settings, adapter.id).passiveSignals) {
      watchPassiveSignals(ctx, { root: reading.root, store: m.store, send, canonicalize: canonicalize });
    }
    void mountStrip(ctx, reading.root, m.store, reading.stripPlacement).then((ui) => {
      if (mounted.get(reading.root) !== m) return ui.remove();
      m.ui = ui;
    });
  };

  // An answer the user cannot see (a collapsed "People also ask" item) is neither recorded nor shown a strip
  // until it appears, when the page is scanned again. Adapters that take the option do not even read it.
  const deferred = (root: Element) => !mounted.has(root) && visibility.deferUntilShown(root, () => scheduler.request());
  const readOptions: ReadOptions = { defer: deferred };
  const scan = () => {
    checkLocation();
    const url = new URL(location.href);
    visibility.prune();
    for (const { adapter, reading } of readSafely(document, url, settings, failed, readOptions, taught)) {
      const existing = mounted.get(reading.root);
      if (!existing) {
        if (!deferred(reading.root)) attach(adapter, reading);
        continue;
      }
      const { answer } = existing.store.getState().trace;
      if (answer.text !== reading.answer.text || answer.complete !== reading.answer.complete) {
        void capture(existing, reading);
      } else {
        existing.spans.repaint(); // same text, maybe new nodes: ranges must follow them
      }
    }
    for (const [root, m] of mounted) {
      if (!root.isConnected) {
        m.ui?.remove();
        m.spans.remove();
        m.cards.remove();
        m.pointing.remove();
        m.store.getState().detach();
        mounted.delete(root);
      }
    }
  };

  const scheduler = frameScheduler(scan);
  // A new address without a page load (single-page sites): the answers start over. Watched in this world,
  // never through events the page could dispatch (see IsolatedContext).
  const checkLocation = watchLocation(ctx, () => {
    notedThisPage = false;
    for (const m of mounted.values()) {
      m.ui?.remove();
      m.spans.remove();
      m.cards.remove();
      m.store.getState().detach();
    }
    mounted.clear();
    scheduler.request();
  });
  const observer = new MutationObserver((records) => {
    if (!records.every(isOwnMutation)) scheduler.request();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  // The strip's shadow root is closed: the first strip in the page is found through our own references.
  const stopFocus = contentMessaging.onMessage('focusStrip', () => focusFirstStrip(mounted.values()));
  const stopReport = contentMessaging.onMessage('reportPage', () => reportAnswers([...mounted.keys()]));
  ctx.onInvalidated(() => {
    observer.disconnect();
    scheduler.cancel();
    stopFocus();
    stopReport();
  });
  scan();
  initialScanDone = true;
}

/** "Refine" goes through the background (which records it and opens the tab); a chat's box is filled here. */
function refineActions(store: AnswerStore) {
  return {
    async open(query: string, feedbackEventIds: string[]) {
      const traceId = store.getState().traceId;
      if (!traceId) return { ok: false as const, message: t('stripNotStoredYet') };
      const reply = await sendMessage('openRefinement', { traceId, query, feedbackEventIds }).catch(
        (error: unknown) => ({
          ok: false as const,
          error: { message: error instanceof Error ? error.message : String(error) },
        }),
      );
      return reply.ok
        ? { ok: true as const, url: reply.data.url }
        : { ok: false as const, message: reply.error.message };
    },
    prefill: (text: string) => prefillChatInput(document, text),
  };
}

/** Once a refined answer is complete, what changed from the original is shown beside it. */
async function showComparison(m: MountedAnswer): Promise<void> {
  const { trace, refined } = m.store.getState();
  if (!m.basis || refined || !trace.answer.complete) return;
  const basis = await m.basis;
  if (!basis || m.store.getState().refined) return;
  const current = m.store.getState().trace;
  const comparison = compareAnswers(basis.original, basis.feedback, current);
  m.store.setState({
    refined: {
      link: basis.link,
      originalQuery: basis.original.query,
      comparison,
      unchanged: basis.unchanged,
      // Word for word the same answer from the same sources (a linked answer to a reworded query may be).
      sameAnswer:
        basis.unchanged ||
        (basis.original.answer.text === current.answer.text &&
          comparison.gained.length === 0 &&
          comparison.lost.length === 0),
    },
  });
}

/**
 * Settings as the background read them, retried like any request (a paused recorder must not record
 * because its service worker was restarting); the defaults only if it never answers.
 */
async function readSettings(): Promise<Settings> {
  const reply = await withRetry(() => sendMessage('getSettings', undefined));
  return reply.ok ? reply.data : DEFAULT_SETTINGS;
}

function canonicalize(href: string): string | null {
  return tryCanonicalizeUrl(href, location.href);
}

/**
 * Each adapter reads on its own: one that throws (its site changed) hides the
 * strip for its answers, reports a diagnostic once, and never stops the others.
 */
function readSafely(
  doc: Document,
  url: URL,
  settings: Settings,
  failed: Set<string>,
  options: ReadOptions,
  taught: readonly SiteAdapter[],
) {
  const found: { adapter: SiteAdapter; reading: AdapterReading }[] = [];
  const here = [...adaptersForUrl(url), ...taught.filter((a) => a.urlFilter?.(url) ?? true)];
  for (const adapter of here) {
    if (!siteSettings(settings, adapter.id).enabled) continue;
    try {
      for (const reading of adapter.read(doc, url, options)) found.push({ adapter, reading });
    } catch (error) {
      if (failed.has(adapter.id)) continue;
      failed.add(adapter.id);
      void sendMessage('reportDiagnostic', {
        siteId: adapter.id,
        adapterVersion: adapter.version,
        pageUrl: url.href,
        message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        at: new Date().toISOString(),
      }).catch(() => null);
    }
  }
  return found;
}

function focusFirstStrip(answers: Iterable<MountedAnswer>): boolean {
  const uis = [...answers].flatMap((m) => (m.ui ? [m.ui] : []));
  uis.sort((a, b) => (a.shadowHost.compareDocumentPosition(b.shadowHost) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return uis.some((ui) => ui.mounted?.focus() ?? false);
}

/** Inserting or removing our own strip host must not trigger another scan. */
function isOwnMutation(record: MutationRecord): boolean {
  if (record.type !== 'childList') return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((n) => n.nodeName === UI_TAG.toUpperCase());
}
