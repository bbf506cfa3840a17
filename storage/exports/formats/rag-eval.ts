import type { FeedbackEvent } from '../../schema';
import type { ExportFormat } from '../format';
import { isJudgement, lastOf } from '../records';
import { sourcesInOrder, sourceText } from '../source-context';

type EditEvent = Extract<FeedbackEvent, { kind: 'edit' }>;
type RelevanceEvent = Extract<FeedbackEvent, { kind: 'relevance' }>;

const isCorrection = (e: FeedbackEvent): e is EditEvent =>
  e.kind === 'edit' && e.value.op === 'correct_answer' && typeof e.value.after === 'string';

/**
 * RAGAS / ARES evaluation rows, one per answer the user judged: the question, the answer's sources as the site
 * listed them (title and snippet, in its order) with the user's 0–3 grade of each, the answer, and the user's
 * corrected answer as the ground truth.
 */
export const ragEvalFormat = {
  id: 'rag-eval',
  label: 'RAG evaluation rows (RAGAS, ARES)',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description:
    '{question, contexts, answer, ground_truth, context_relevance}: the sources with your grades, your correction as the reference.',
  reads: 'latest',
  create: ({ redact }) => ({
    start: () => '',
    trace: ({ trace, events }) => {
      const judged = events.filter(isJudgement);
      if (judged.length === 0 || trace.answer.text === '') return '';
      const grades = new Map<string, number>();
      for (const e of judged) {
        if (e.kind === 'relevance' && e.target.type === 'source')
          grades.set(e.target.sourceId, (e as RelevanceEvent).value);
      }
      const sources = sourcesInOrder(trace);
      const corrected = lastOf(judged, isCorrection)?.value.after;
      const row = {
        trace_id: trace.id,
        site_id: trace.siteId,
        question: redact(trace.query),
        contexts: sources.map(sourceText),
        context_urls: sources.map((s) => s.url),
        context_relevance: sources.map((s) => grades.get(s.id) ?? null),
        answer: redact(trace.answer.text),
        ground_truth: typeof corrected === 'string' ? redact(corrected) : null,
      };
      return `${JSON.stringify(row)}\n`;
    },
    end: () => '',
  }),
} as const satisfies ExportFormat;
