import type { SendEvents } from '../../components/overlay/state/answer-store';
import { sendMessage } from '../messaging/protocol';

/** Sends events to the background; a failure comes back as a message, never a throw. */
export const sendEvents: SendEvents = async (events) => {
  try {
    const reply = await sendMessage('recordEvents', events);
    return reply.ok ? { ok: true } : { ok: false, message: reply.error.message };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
};
