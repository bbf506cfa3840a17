import type { SendEvents } from '../../components/overlay/state/answer-store';
import type { NotedQuery } from '../messaging/protocol';
import { clipText } from '../text/well-formed';
import { editDistance } from './edit-distance';
import { makeEvent } from './make-event';

/**
 * A new question soon after the previous one in the same tab says something
 * about the previous answer: the same thread means a follow-up, otherwise the
 * user reformulated their query. Both are recorded on the previous trace.
 */
export function queryChangeEvent(previous: NotedQuery, query: string, pageUrl: string) {
  const sameThread = samePath(previous.pageUrl, pageUrl) && !isSearchResultsPage(new URL(pageUrl));
  const value = sameThread
    ? { signal: 'follow_up' as const, text: clipText(query, 2_000) }
    : {
        signal: 'reformulation' as const,
        text: clipText(query, 2_000),
        editDistance: editDistance(previous.query, query),
      };
  return makeEvent(previous.traceId, { stage: 'overall', target: { type: 'stage' }, kind: 'implicit', value });
}

export async function recordQueryChange(previous: NotedQuery | null, query: string, pageUrl: string, send: SendEvents) {
  if (!previous || previous.query.trim() === query.trim()) return;
  await send([queryChangeEvent(previous, query, pageUrl)]);
}

function samePath(a: string, b: string): boolean {
  const ua = new URL(a);
  const ub = new URL(b);
  return ua.origin === ub.origin && ua.pathname === ub.pathname;
}

/** On /search pages every question has the same path: only chat threads have follow-ups. */
export function isSearchResultsPage(url: URL): boolean {
  return /^\/(search|copilotsearch)\/?$/.test(url.pathname);
}
