import type { RefineEngine } from '../refine/engines';
import { engineOf } from '../refine/engines';

export interface PendingRefinement {
  originalTraceId: string;
  refinementId: string;
  engine: RefineEngine;
}

/**
 * Tabs that "Refine" opened, until the refined answer is captured in them. The first answer the tab captures on
 * the same engine (on Google, not a "People also ask" answer) is the refined one. Kept in memory like the tab
 * traces: a service-worker restart between opening the tab and reading its answer loses the link (the refinement
 * itself is stored).
 */
export function createPendingRefinements() {
  const byTab = new Map<number, PendingRefinement>();
  return {
    expect(tabId: number, pending: PendingRefinement): void {
      byTab.set(tabId, pending);
    },
    /** The refinement this tab's answer from `siteId` answers, taken once. */
    take(tabId: number, siteId: string): PendingRefinement | undefined {
      const pending = byTab.get(tabId);
      if (!pending || siteId === 'google-paa' || engineOf(siteId) !== pending.engine) return undefined;
      byTab.delete(tabId);
      return pending;
    },
    forget(tabId: number): void {
      byTab.delete(tabId);
    },
  };
}

export type PendingRefinements = ReturnType<typeof createPendingRefinements>;
