import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createAnswerStore } from '../../components/overlay/state/answer-store';
import { toTraceDraft } from '../adapters/read-page';
import type { SiteAdapter } from '../adapters/types';
import { sendMessage } from '../messaging/protocol';
import { tryCanonicalizeUrl } from '../url/canonicalize';
import { configureZod } from '../zod-config';
import { mountStrip } from './mount-strip';
import { readSelection } from './read-selection';
import { eventSender } from './send-events';

/** The pseudo-adapter for answers the user selected on a site Stageback has no adapter for. */
export const SELECTION_ADAPTER: Pick<SiteAdapter, 'id' | 'version'> = { id: 'selection', version: '1' };

/** Runs once per injection: the current selection becomes a trace with a strip next to it. */
export async function runSelectionCapture(ctx: ContentScriptContext): Promise<void> {
  configureZod();
  const reading = readSelection(document, (href) => tryCanonicalizeUrl(href, location.href));
  if (!reading) return;
  const draft = toTraceDraft(SELECTION_ADAPTER as SiteAdapter, reading, new URL(location.href), new Date());
  const store = createAnswerStore(draft, eventSender.send, eventSender.unsaved);
  await mountStrip(ctx, reading.root, store);
  const reply = await sendMessage('captureTrace', draft).catch(() => null);
  if (reply?.ok) store.getState().setTrace(draft, reply.data.traceId);
}
