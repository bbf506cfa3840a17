import type { Origin, Stage } from '../labels';
import type { FeedbackEvent, Trace } from '../schema';

/**
 * What the log page shows and what "export the current filter" exports. Every field is optional; an empty
 * filter selects everything. Lists select any of their values; fields combine with AND.
 */
export interface ExportFilter {
  siteIds?: readonly string[];
  stages?: readonly Stage[];
  /** Label names (`incorrect`, `missing_aspect` …): only `label` events carry one. */
  labels?: readonly string[];
  origins?: readonly Origin[];
  /** On the event's `createdAt`, ISO 8601: `from` inclusive, `to` exclusive. */
  createdFrom?: string;
  createdTo?: string;
  /** Case-insensitive substring of the trace's query or of a comment's text. */
  text?: string;
}

const hasItems = (list: readonly unknown[] | undefined): list is readonly unknown[] => !!list && list.length > 0;

/** Trace-level criteria: the site. */
export function matchesTrace(trace: Trace, filter: ExportFilter): boolean {
  return !hasItems(filter.siteIds) || filter.siteIds.includes(trace.siteId);
}

/** Whether the filter says anything about traces (the site). */
export function hasTraceCriteria(filter: ExportFilter): boolean {
  return hasItems(filter.siteIds);
}

/** Whether the filter says anything about events (rather than only which traces). */
export function hasEventCriteria(filter: ExportFilter): boolean {
  return (
    hasItems(filter.stages) ||
    hasItems(filter.labels) ||
    hasItems(filter.origins) ||
    !!filter.createdFrom ||
    !!filter.createdTo ||
    !!filter.text?.trim()
  );
}

/** Event-level criteria; `trace` is the event's trace (its query takes part in the text search). */
export function matchesEvent(event: FeedbackEvent, trace: Trace, filter: ExportFilter): boolean {
  if (hasItems(filter.stages) && !filter.stages.includes(event.stage)) return false;
  if (hasItems(filter.origins) && !filter.origins.includes(event.origin)) return false;
  if (hasItems(filter.labels) && !(event.kind === 'label' && filter.labels.includes(event.value.label))) return false;
  if (filter.createdFrom && event.createdAt < filter.createdFrom) return false;
  if (filter.createdTo && event.createdAt >= filter.createdTo) return false;
  const needle = filter.text?.trim().toLowerCase();
  if (needle) {
    const inQuery = trace.query.toLowerCase().includes(needle);
    const inComment = event.kind === 'comment' && event.value.toLowerCase().includes(needle);
    if (!inQuery && !inComment) return false;
  }
  return true;
}
