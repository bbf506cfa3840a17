import type { NotedQuery, NoteQuery } from '../messaging/protocol';

/** Within this window a new question in the same tab counts as a reformulation or follow-up. */
export const REFORMULATION_WINDOW_MS = 2 * 60_000;

/**
 * The last question each tab showed an answer to. Kept in memory only: it is
 * needed for two minutes, and losing it to a service-worker restart costs one signal.
 */
export function createQueryHistory(now: () => number = Date.now) {
  const byTab = new Map<number, NotedQuery>();
  return {
    async note(tabId: number | undefined, query: NoteQuery): Promise<NotedQuery | null> {
      if (tabId === undefined) return null;
      const previous = byTab.get(tabId) ?? null;
      if (previous?.traceId === query.traceId) return null;
      byTab.set(tabId, { ...query, at: now() });
      return previous && now() - previous.at <= REFORMULATION_WINDOW_MS ? previous : null;
    },
    forget(tabId: number): void {
      byTab.delete(tabId);
    },
  };
}

export type QueryHistory = ReturnType<typeof createQueryHistory>;
