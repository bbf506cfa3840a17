import type { FeedbackEvent, Trace } from '../../schema';
import type { ExportContext, ExportFormat, FormatOption, TraceRecord } from '../format';
import { isJudgement, lastOf } from '../records';
import { promptWithSources } from '../source-context';

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

/** Options shared by both TRL formats. */
const PREFERENCE_OPTIONS = [
  {
    id: 'sources',
    type: 'boolean',
    label: 'Put the sources in the prompt',
    hint: 'The prompt lists the sources the answer was written from (title, link, snippet), then the question.',
    default: true,
  },
  {
    id: 'conversational',
    type: 'boolean',
    label: 'As chat messages',
    hint: 'Each side is a list of {role, content} messages (TRL’s conversational format) instead of plain text.',
    default: false,
  },
] as const satisfies readonly FormatOption[];

/** TRL's two dataset formats: standard (plain strings) or conversational (lists of role/content messages). */
function rowWriter({ redact, options }: ExportContext) {
  const conversational = options.conversational === true;
  return {
    prompt: (trace: Trace) => {
      const text = options.sources === false ? redact(trace.query) : promptWithSources(trace, redact);
      return conversational ? [{ role: 'user', content: text }] : text;
    },
    reply: (text: string) => (conversational ? [{ role: 'assistant', content: redact(text) }] : redact(text)),
  };
}

/** TRL preference rows: the user's corrected answer is chosen over the site's. */
export const dpoFormat = {
  id: 'dpo',
  label: 'DPO pairs (TRL)',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description:
    '{prompt, chosen, rejected}: your corrected answer is chosen over the site’s answer; a refined answer you judged better (or worse) over the first one.',
  reads: 'latest',
  options: PREFERENCE_OPTIONS,
  create: (context) => {
    const row = rowWriter(context);
    return {
      start: () => '',
      trace: ({ trace, events, refinedFrom }) => {
        let out = '';
        const chosen = lastOf(events, isCorrection)?.value.after;
        if (typeof chosen === 'string' && chosen !== trace.answer.text && trace.answer.text !== '') {
          const line = { prompt: row.prompt(trace), chosen: row.reply(chosen), rejected: row.reply(trace.answer.text) };
          out += `${JSON.stringify(line)}\n`;
        }
        return out + refinementPair(trace, events, refinedFrom, row, context.redact);
      },
      end: () => '',
    };
  },
} as const satisfies ExportFormat;

/**
 * TRL unpaired preference rows: the site's answer labelled by the user's thumbs (the answer-stage thumbs wins
 * over the overall one), and the user's corrected answer as a desirable completion.
 */
export const ktoFormat = {
  id: 'kto',
  label: 'KTO rows (TRL)',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description:
    '{prompt, completion, label}: the site’s answer labelled by your thumbs, and your corrected answer as true.',
  reads: 'latest',
  options: PREFERENCE_OPTIONS,
  create: (context) => {
    const row = rowWriter(context);
    return {
      start: () => '',
      trace: ({ trace, events }) => {
        let out = '';
        const thumbs = lastOf(events, isThumbs('answer')) ?? lastOf(events, isThumbs('overall'));
        if (thumbs && trace.answer.text !== '') {
          const line = {
            prompt: row.prompt(trace),
            completion: row.reply(trace.answer.text),
            label: thumbs.value.score > 0,
          };
          out += `${JSON.stringify(line)}\n`;
        }
        const corrected = lastOf(events, isCorrection)?.value.after;
        if (typeof corrected === 'string' && corrected !== '' && corrected !== trace.answer.text) {
          out += `${JSON.stringify({ prompt: row.prompt(trace), completion: row.reply(corrected), label: true })}\n`;
        }
        return out;
      },
      end: () => '',
    };
  },
} as const satisfies ExportFormat;

/**
 * A refined answer judged better is chosen over the original answer (worse: the reverse; the same: no pair). The
 * prompt is the user's first question; `provenance` names both answers, the refinement and the judgement.
 */
function refinementPair(
  trace: TraceRecord['trace'],
  events: TraceRecord['events'],
  refinedFrom: TraceRecord['refinedFrom'],
  row: ReturnType<typeof rowWriter>,
  redact: (s: string) => string,
): string {
  const judgement = lastOf(events, isComparison);
  if (!judgement || !refinedFrom || judgement.value.verdict === 'same') return '';
  const { original, refinement } = refinedFrom;
  if (original.id !== judgement.value.originalTraceId || !original.answer.text || !trace.answer.text) return '';
  if (original.answer.text === trace.answer.text) return '';
  const better = judgement.value.verdict === 'better';
  const pair = {
    // The question and sources the first answer was written from: the pair says which answer to them is better.
    prompt: row.prompt(original),
    chosen: row.reply(better ? trace.answer.text : original.answer.text),
    rejected: row.reply(better ? original.answer.text : trace.answer.text),
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
  return `${JSON.stringify(pair)}\n`;
}
