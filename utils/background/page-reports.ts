import type { PageReport } from '../messaging/protocol';

/** "Report this page" files waiting for the report page that shows them; held in memory, the latest few only. */
export interface PageReports {
  keep(report: PageReport): string;
  get(reportId: string): (PageReport & { savedAt: string }) | null;
  /** The address of the report page for `reportId`. */
  pageFor(reportId: string): string;
}

export function createPageReports(pageFor: (reportId: string) => string, max = 3): PageReports {
  const held = new Map<string, PageReport & { savedAt: string }>();
  return {
    keep(report) {
      const id = crypto.randomUUID();
      held.set(id, { ...report, savedAt: new Date().toISOString() });
      for (const old of [...held.keys()].slice(0, Math.max(0, held.size - max))) held.delete(old);
      return id;
    },
    get: (reportId) => held.get(reportId) ?? null,
    pageFor,
  };
}
