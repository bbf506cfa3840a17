import type { Context } from 'hono';
import type { Store } from '../store/types';
import type { TokenRecord } from '../tokens';

/**
 * `GET /v1/receipts`: what the collector holds for the token's own participant (counts, never content), so the
 * extension can show participants their work was counted.
 */
export async function receiptsFor(c: Context, store: Store, token: TokenRecord): Promise<Response> {
  if (token.participantId === null) {
    return c.json({ error: 'this token is not bound to a participant, so it has no receipts' }, 403);
  }
  const receipts = await store.receipts(token.participantId);
  return c.json({ participantId: token.participantId, studyId: token.studyId, ...receipts });
}
