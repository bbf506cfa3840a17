/**
 * Which traces each tab captured. A content script runs next to an untrusted page, so it may read back feedback
 * (`getTraceFeedback`) only for the answers it captured itself. Kept in memory, like the query history: a
 * service-worker restart forgets it, and the overlay asks right after capturing, so that costs at most one restore.
 */
export function createTabTraces() {
  const byTab = new Map<number, Set<string>>();
  return {
    note(tabId: number, traceId: string): void {
      const ids = byTab.get(tabId) ?? new Set<string>();
      ids.add(traceId);
      byTab.set(tabId, ids);
    },
    has(tabId: number, traceId: string): boolean {
      return byTab.get(tabId)?.has(traceId) === true;
    },
    /** The tab closed or loaded another page: what it captured before is no longer its business. */
    forget(tabId: number): void {
      byTab.delete(tabId);
    },
  };
}

export type TabTraces = ReturnType<typeof createTabTraces>;
