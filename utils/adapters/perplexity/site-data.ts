import { fetchJson, type SiteDataResult, siteDataFailure } from '../common/site-data';
import { parseThread } from './thread-json';

/** The thread slug of a `/search/<slug>` page. */
export function threadSlug(url: URL): string | null {
  return /^\/search\/([^/?#]+)/.exec(url.pathname)?.[1] ?? null;
}

/**
 * Reads the open thread's own JSON (`GET /rest/thread/<slug>`), same origin with the user's
 * session; fails soft (the decomposition stage then shows "not available on this site").
 */
export async function fetchPerplexitySiteData(
  url: URL,
  options: { timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<SiteDataResult> {
  const slug = threadSlug(url);
  if (!slug) return siteDataFailure('not a thread page');
  const thread = await fetchJson(new URL(`/rest/thread/${encodeURIComponent(slug)}`, url.origin).href, options);
  if (!thread.ok) return siteDataFailure(`thread: ${thread.reason}`);
  return parseThread(thread.body);
}
