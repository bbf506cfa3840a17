import { z } from 'zod/mini';
import { lazySchema } from '../../zod-config';
import { fetchJson, type SiteDataResult, siteDataFailure } from '../common/site-data';
import { parseConversation } from './conversation-json';

const sessionSchema = lazySchema(() => z.looseObject({ accessToken: z.string().check(z.minLength(1)) }));

/** The conversation id of a `/c/<id>` (or `/g/<gpt>/c/<id>`) page. */
export function conversationId(url: URL): string | null {
  return /\/c\/([0-9a-f-]{16,64})(?:[/?#]|$)/i.exec(url.pathname)?.[1] ?? null;
}

/**
 * Reads the open conversation's own JSON, as exporters do: the session's access token from
 * `/api/auth/session`, then `GET /backend-api/conversation/<id>`. Same origin, the user's own
 * session; fails soft (the decomposition stage then shows "not available on this site").
 */
export async function fetchChatgptSiteData(
  url: URL,
  options: { timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<SiteDataResult> {
  const id = conversationId(url);
  if (!id) return siteDataFailure('not a conversation page');
  const session = await fetchJson(new URL('/api/auth/session', url.origin).href, options);
  if (!session.ok) return siteDataFailure(`session: ${session.reason}`);
  const token = sessionSchema().safeParse(session.body);
  if (!token.success) return siteDataFailure('session has no access token');
  const conversation = await fetchJson(new URL(`/backend-api/conversation/${id}`, url.origin).href, {
    ...options,
    headers: { Authorization: `Bearer ${token.data.accessToken}` },
  });
  if (!conversation.ok) return siteDataFailure(`conversation: ${conversation.reason}`);
  return parseConversation(conversation.body);
}
