import type { FeedbackEvent, Trace } from '../../schema';
import type { ExportFormat } from '../format';
import { isJudgement } from '../records';

interface Item {
  id?: string;
  text: string;
}

/**
 * The trace's sub-queries with the user's decomposition edits applied in createdAt order (add appends, remove
 * and rewrite act on the targeted sub-query, reorder takes `after` as the new order of ids), then the text of
 * every `missing_aspect` label appended. A sub-query the user added has no id: reorder finds it by its text.
 */
export function editedSubqueries(trace: Trace, events: readonly FeedbackEvent[]): string[] {
  let items: Item[] = [...trace.subqueries].sort((a, b) => a.position - b.position).map((q) => ({ ...q }));
  const indexOf = (event: FeedbackEvent, text: unknown) =>
    items.findIndex((it) => (event.target.type === 'subquery' ? it.id === event.target.subqueryId : it.text === text));
  for (const event of events) {
    if (event.stage !== 'decomposition' || event.kind !== 'edit' || !isJudgement(event)) continue;
    const { op, before, after } = event.value;
    if (op === 'add' && typeof after === 'string') items.push({ text: after });
    else if (op === 'remove') {
      const i = indexOf(event, before);
      if (i >= 0) items.splice(i, 1);
    } else if (op === 'rewrite' && typeof after === 'string') {
      const item = items[indexOf(event, before)];
      if (item) item.text = after;
    } else if (op === 'reorder' && Array.isArray(after)) {
      const rank = (it: Item) => {
        const r = after.findIndex((key) => key === it.id || key === it.text);
        return r < 0 ? after.length : r;
      };
      items = items
        .map((it, i) => ({ it, i }))
        .sort((a, b) => rank(a.it) - rank(b.it) || a.i - b.i)
        .map((x) => x.it);
    }
  }
  const texts = items.map((it) => it.text);
  for (const event of events) {
    if (event.kind !== 'label' || event.value.label !== 'missing_aspect' || !isJudgement(event)) continue;
    const aspect = event.value.text?.trim();
    if (aspect && !texts.includes(aspect)) texts.push(aspect);
  }
  return texts;
}

export const decompositionPairsFormat = {
  id: 'decomposition-pairs',
  label: 'Decomposition pairs',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description:
    '{query, subqueries_original, subqueries_edited}: the sub-queries after your edits and missing aspects; {query, refined_query}: each search you refined from your feedback.',
  reads: 'latest',
  create: ({ redact }) => ({
    start: () => '',
    trace: ({ trace, events }) => {
      const original = [...trace.subqueries].sort((a, b) => a.position - b.position).map((q) => q.text);
      const edited = editedSubqueries(trace, events);
      let out = '';
      if (edited.length !== original.length || edited.some((t, i) => t !== original[i])) {
        const row = {
          trace_id: trace.id,
          query: redact(trace.query),
          subqueries_original: original.map(redact),
          subqueries_edited: edited.map(redact),
        };
        out += `${JSON.stringify(row)}\n`;
      }
      // Each refinement: the original query and the one the user's feedback made (and they may have edited).
      for (const event of events) {
        if (event.kind !== 'refinement' || !isJudgement(event)) continue;
        const row = {
          trace_id: trace.id,
          query: redact(trace.query),
          refined_query: redact(event.value.query),
          provenance: {
            source: 'refinement',
            refinement_id: event.id,
            engine: event.value.engine,
            feedback_event_ids: event.value.feedbackEventIds,
          },
        };
        out += `${JSON.stringify(row)}\n`;
      }
      return out;
    },
    end: () => '',
  }),
} as const satisfies ExportFormat;
