import type { FeedbackEvent } from '../../schema';
import type { ExportFormat, TraceRecord } from '../format';
import { isJudgement, lastOf } from '../records';

type EditEvent = Extract<FeedbackEvent, { kind: 'edit' }>;
type RatingEvent = Extract<FeedbackEvent, { kind: 'rating' }>;
type ComparisonEvent = Extract<FeedbackEvent, { kind: 'comparison' }>;

const isComparison = (e: FeedbackEvent): e is ComparisonEvent => e.kind === 'comparison' && isJudgement(e);

const isCorrection = (e: FeedbackEvent): e is EditEvent =>
  e.kind === 'edit' && e.value.op === 'correct_answer' && typeof e.value.after === 'string' && isJudgement(e);

const isThumbs =
  (stage: FeedbackEvent['stage']) =>
  (e: FeedbackEvent): e is RatingEvent =>
    e.kind === 'rating' && e.stage === stage && e.value.scale === 'thumbs' && isJudgement(e);

/** TRL "standard" (not conversational) preference rows: prompt, chosen and rejected are plain strings. */
export const dpoFormat: ExportFormat = {
  id: 'dpo',
  label: 'DPO pairs (TRL)',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description:
    '{prompt, chosen, rejected}: your corrected answer is chosen over the site’s answer; a refined answer you judged better (or worse) over the first one.',
  reads: 'latest',
  create: ({ redact }) => ({
    start: () => '',
    trace: ({ trace, events, refinedFrom }) => {
      let out = '';
      const correction = lastOf(events, isCorrection);
      const chosen = correction?.value.after;
      if (typeof chosen === 'string' && chosen !== trace.answer.text && trace.answer.text !== '') {
        const row = { prompt: redact(trace.query), chosen: redact(chosen), rejected: redact(trace.answer.text) };
        out += `${JSON.stringify(row)}\n`;
      }
      out += refinementPair(trace, events, refinedFrom, redact);
      return out;
    },
    end: () => '',
  }),
};

/** TRL "standard" unpaired preference rows; the answer-stage thumbs wins over the overall one. */
export const ktoFormat: ExportFormat = {
  id: 'kto',
  label: 'KTO rows (TRL)',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description: '{prompt, completion, label}: the site’s answer, label true for thumbs up, false for thumbs down.',
  reads: 'latest',
  create: ({ redact }) => ({
    start: () => '',
    trace: ({ trace, events }) => {
      const thumbs = lastOf(events, isThumbs('answer')) ?? lastOf(events, isThumbs('overall'));
      if (!thumbs || trace.answer.text === '') return '';
      const row = { prompt: redact(trace.query), completion: redact(trace.answer.text), label: thumbs.value.score > 0 };
      return `${JSON.stringify(row)}\n`;
    },
    end: () => '',
  }),
};

/**
 * A refined answer judged better is chosen over the original answer (worse: the reverse; the same: no pair). The
 * prompt is the user's first question; `provenance` names both answers, the refinement and the judgement.
 */
function refinementPair(
  trace: TraceRecord['trace'],
  events: TraceRecord['events'],
  refinedFrom: TraceRecord['refinedFrom'],
  redact: (s: string) => string,
): string {
  const judgement = lastOf(events, isComparison);
  if (!judgement || !refinedFrom || judgement.value.verdict === 'same') return '';
  const { original, refinement } = refinedFrom;
  if (original.id !== judgement.value.originalTraceId || !original.answer.text || !trace.answer.text) return '';
  if (original.answer.text === trace.answer.text) return '';
  const better = judgement.value.verdict === 'better';
  const row = {
    prompt: redact(original.query),
    chosen: redact(better ? trace.answer.text : original.answer.text),
    rejected: redact(better ? original.answer.text : trace.answer.text),
    provenance: {
      source: 'refinement',
      original_trace_id: original.id,
      refined_trace_id: trace.id,
      refinement_id: judgement.value.refinementId,
      comparison_id: judgement.id,
      verdict: judgement.value.verdict,
      refined_query: redact(refinement?.value.query ?? trace.query),
      engine: refinement?.value.engine ?? null,
    },
  };
  return `${JSON.stringify(row)}\n`;
}
