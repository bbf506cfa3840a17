import { createRoot, type Root } from 'react-dom/client';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { SendEvents } from '../../components/overlay/OverallThumbs';
import { Strip } from '../../components/overlay/Strip';
import type { FeedbackEvent } from '../../storage/schema';
import { readPage, toTraceDraft } from '../adapters/read-page';
import type { AdapterReading, SiteAdapter } from '../adapters/types';
import { sendMessage } from '../messaging/protocol';
import { loadSettings, siteSettings } from '../settings';
import { configureZod } from '../zod-config';
import { frameScheduler } from './frame-scheduler';

export const UI_TAG = 'stageback-strip';

interface MountedAnswer {
  draftId: string | null;
  traceId: string | null;
  text: string;
  complete: boolean;
  /** Null while the shadow root is being created. */
  ui: ShadowRootContentScriptUi<Root> | null;
}

const send: SendEvents = async (events: FeedbackEvent[]) => {
  try {
    const reply = await sendMessage('recordEvents', events);
    return reply.ok ? { ok: true } : { ok: false, message: reply.error.message };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
};

/** Finds AI answers on the page, captures each as a trace and attaches the strip to it. */
export async function runOverlay(ctx: ContentScriptContext): Promise<void> {
  configureZod();
  const settings = await loadSettings();
  if (settings.paused) return;
  if (browser.extension?.inIncognitoContext && !settings.privateWindows) return;

  const mounted = new Map<Element, MountedAnswer>();

  const render = (m: MountedAnswer) =>
    m.ui?.mounted?.render(<Strip traceId={m.traceId} complete={m.complete} send={send} />);

  const capture = async (adapter: SiteAdapter, reading: AdapterReading, m: MountedAnswer) => {
    const draft = toTraceDraft(adapter, reading, new URL(location.href), new Date());
    if (m.draftId) draft.id = m.draftId;
    m.draftId = draft.id;
    const reply = await sendMessage('captureTrace', draft).catch(() => null);
    if (reply?.ok) m.traceId = reply.data.traceId;
    render(m);
  };

  const scan = () => {
    for (const { adapter, reading } of readPage(document, new URL(location.href))) {
      if (!siteSettings(settings, adapter.id).enabled) continue;
      const existing = mounted.get(reading.root);
      if (existing) {
        if (existing.text !== reading.answer.text || existing.complete !== reading.answer.complete) {
          existing.text = reading.answer.text;
          existing.complete = reading.answer.complete;
          void capture(adapter, reading, existing);
        }
        continue;
      }
      const m: MountedAnswer = {
        draftId: null,
        traceId: null,
        text: reading.answer.text,
        complete: reading.answer.complete,
        ui: null,
      };
      mounted.set(reading.root, m);
      void capture(adapter, reading, m);
      void mountStrip(reading.root).then((ui) => {
        if (mounted.get(reading.root) !== m) return ui.remove();
        m.ui = ui;
        render(m);
      });
    }
    for (const [root, m] of mounted) {
      if (!root.isConnected) {
        m.ui?.remove();
        mounted.delete(root);
      }
    }
  };

  const mountStrip = async (root: Element) => {
    const ui = await createShadowRootUi<Root>(ctx, {
      name: UI_TAG,
      position: 'inline',
      anchor: root,
      append: 'before',
      onMount: (container) => createRoot(container),
      onRemove: (r) => r?.unmount(),
    });
    ui.mount();
    return ui;
  };

  const scheduler = frameScheduler(scan);
  const observer = new MutationObserver((records) => {
    if (!records.every(isOwnMutation)) scheduler.request();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  ctx.onInvalidated(() => {
    observer.disconnect();
    scheduler.cancel();
  });
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    for (const m of mounted.values()) m.ui?.remove();
    mounted.clear();
    scheduler.request();
  });
  scan();
}

/** Inserting or removing our own strip host must not trigger another scan. */
function isOwnMutation(record: MutationRecord): boolean {
  if (record.type !== 'childList') return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((n) => n.nodeName === UI_TAG.toUpperCase());
}
