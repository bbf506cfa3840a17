import type { AnswerStore } from '../../components/overlay/state/answer-store';
import { sendMessage } from '../messaging/protocol';

/**
 * Asks the background for the shadow agent's proposals on a stored answer; the strip shows them when there are any,
 * and one quiet line when a model tier failed on it (what happened in full is in the options), never an error.
 */
export async function showProposals(store: AnswerStore, traceId: string): Promise<void> {
  const reply = await sendMessage('getShadowProposals', traceId).catch(() => null);
  if (reply?.ok && reply.data.length > 0) store.setState({ proposals: reply.data });
  const status = await sendMessage('getShadowModelStatus', traceId).catch(() => null);
  const failed = status?.ok ? status.data.filter((s) => s.state === 'failed' && s.short).map((s) => s.short) : [];
  if (failed.length > 0) store.setState({ modelNote: failed.join(' ') });
}
