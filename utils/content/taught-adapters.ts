import { taughtAdapter } from '../adapters/taught';
import type { SiteAdapter } from '../adapters/types';
import { sendMessage } from '../messaging/protocol';
import { withRetry } from './send-events';

/** The rules the user taught for this page's origin, as adapters (none when the background does not answer). */
export async function taughtAdaptersHere(): Promise<SiteAdapter[]> {
  const reply = await withRetry(() => sendMessage('getTaughtRules', undefined)).catch(() => null);
  return reply?.ok ? reply.data.map(taughtAdapter) : [];
}
