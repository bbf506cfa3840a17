/**
 * Which traces each tab captured, and on which origin. A content script runs next to an untrusted page, so it may
 * read back feedback (`getTraceFeedback`) only for answers its own tab captured on the origin it is on now: a tab
 * that moved to another site cannot read what was captured before. Keyed by origin rather than cleared when the
 * tab starts loading, because `tabs.onUpdated` and runtime messages are separate streams whose order the browser
 * does not promise (a late "loading" would forget an answer captured just after it). Kept in memory, like the query
 * history: the overlay asks right after capturing, so a service-worker restart costs at most one restore.
 */
export function createTabTraces() {
  const byTab = new Map<number, Set<string>>();
  const key = (origin: string, traceId: string) => `${origin} ${traceId}`;
  return {
    note(tabId: number, origin: string, traceId: string): void {
      const ids = byTab.get(tabId) ?? new Set<string>();
      ids.add(key(origin, traceId));
      byTab.set(tabId, ids);
    },
    has(tabId: number, origin: string, traceId: string): boolean {
      return byTab.get(tabId)?.has(key(origin, traceId)) === true;
    },
    /** The tab closed: what it captured is no longer anyone's business. */
    forget(tabId: number): void {
      byTab.delete(tabId);
    },
  };
}

export type TabTraces = ReturnType<typeof createTabTraces>;
