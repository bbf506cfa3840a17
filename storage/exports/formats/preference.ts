import type { FeedbackEvent } from '../../schema';
import type { ExportFormat } from '../format';
import { isJudgement, lastOf } from '../records';

type EditEvent = Extract<FeedbackEvent, { kind: 'edit' }>;
type RatingEvent = Extract<FeedbackEvent, { kind: 'rating' }>;

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
  description: '{prompt, chosen, rejected}: your corrected answer is chosen over the site’s answer.',
  reads: 'latest',
  create: ({ redact }) => ({
    start: () => '',
    trace: ({ trace, events }) => {
      const correction = lastOf(events, isCorrection);
      const chosen = correction?.value.after;
      if (typeof chosen !== 'string' || chosen === trace.answer.text || trace.answer.text === '') return '';
      const row = { prompt: redact(trace.query), chosen: redact(chosen), rejected: redact(trace.answer.text) };
      return `${JSON.stringify(row)}\n`;
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
