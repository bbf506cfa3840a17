import type { AnswerStore } from '../../components/overlay/state/answer-store';
import { sendMessage } from '../messaging/protocol';

/** Asks the background for the shadow agent's proposals on a stored answer; the strip shows them when there are any. */
export async function showProposals(store: AnswerStore, traceId: string): Promise<void> {
  const reply = await sendMessage('getShadowProposals', traceId).catch(() => null);
  if (reply?.ok && reply.data.length > 0) store.setState({ proposals: reply.data });
}
