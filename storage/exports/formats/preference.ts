import type { FeedbackEvent, Trace } from '../../schema';
import type { ExportContext, ExportFormat, FormatOption } from '../format';
import { isJudgement, lastOf } from '../records';
import { promptWithSources } from '../source-context';

type EditEvent = Extract<FeedbackEvent, { kind: 'edit' }>;
type RatingEvent = Extract<FeedbackEvent, { kind: 'rating' }>;

const isCorrection = (e: FeedbackEvent): e is EditEvent =>
  e.kind === 'edit' && e.value.op === 'correct_answer' && typeof e.value.after === 'string' && isJudgement(e);

const isThumbs =
  (stage: FeedbackEvent['stage']) =>
  (e: FeedbackEvent): e is RatingEvent =>
    e.kind === 'rating' && e.stage === stage && e.value.scale === 'thumbs' && isJudgement(e);

/** Options shared by both TRL formats. */
const PREFERENCE_OPTIONS: readonly FormatOption[] = [
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
];

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
export const dpoFormat: ExportFormat = {
  id: 'dpo',
  label: 'DPO pairs (TRL)',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description: '{prompt, chosen, rejected}: your corrected answer is chosen over the site’s answer.',
  reads: 'latest',
  options: PREFERENCE_OPTIONS,
  create: (context) => {
    const row = rowWriter(context);
    return {
      start: () => '',
      trace: ({ trace, events }) => {
        const chosen = lastOf(events, isCorrection)?.value.after;
        if (typeof chosen !== 'string' || chosen === trace.answer.text || trace.answer.text === '') return '';
        const out = { prompt: row.prompt(trace), chosen: row.reply(chosen), rejected: row.reply(trace.answer.text) };
        return `${JSON.stringify(out)}\n`;
      },
      end: () => '',
    };
  },
};

/**
 * TRL unpaired preference rows: the site's answer labelled by the user's thumbs (the answer-stage thumbs wins
 * over the overall one), and the user's corrected answer as a desirable completion.
 */
export const ktoFormat: ExportFormat = {
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
};
