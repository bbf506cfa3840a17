import type { TraceHistory } from '../../../storage/exports/source';
import type { FeedbackEvent, Trace } from '../../../storage/schema';

/** Traces read per page for the server-side exports (each carries its answer text). */
export const HISTORY_PAGE = 200;

/** One page of traces (id order) and their events, as the extension's export driver reads them. */
export function* pageHistories(
  traces: readonly { id: string; body: string }[],
  events: readonly { trace_id: string; body: string }[],
): Generator<TraceHistory> {
  const byTrace = new Map<string, FeedbackEvent[]>();
  for (const row of events) {
    const list = byTrace.get(row.trace_id) ?? [];
    list.push(JSON.parse(row.body) as FeedbackEvent);
    byTrace.set(row.trace_id, list);
  }
  for (const row of traces) {
    const history = (byTrace.get(row.id) ?? []).sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    yield { trace: JSON.parse(row.body) as Trace, events: history };
  }
}
