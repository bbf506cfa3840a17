import { segmentSentences } from '../../../utils/text/segment';
import { SPAN_LABELS } from '../../labels';
import type { FeedbackEvent } from '../../schema';
import type { ExportFormat } from '../format';
import { judgedWith, lastOf, provenanceOf, UNCONFIRMED_OPTION } from '../records';
import { sourcesInOrder, sourceTitle } from '../source-context';

/** Our span labels as Fine-Grained RLHF's qa-feedback error types ("Wrong-Grounding" is its inconsistent fact). */
export const FG_ERROR_TYPES: Record<(typeof SPAN_LABELS)[number], string> = {
  incorrect: 'Wrong-Grounding',
  unverifiable: 'Unverifiable',
  irrelevant: 'Irrelevant',
  repetitive: 'Redundant',
  incoherent: 'Incoherent',
};

/** TREC RAG nugget importance as FG-RLHF missing-info types. */
const MISSING_TYPES = { vital: 'Missing-Answer', okay: 'Missing-Major-Auxiliary' } as const;

/** FG-RLHF's scripts assert that a span starts at a word start and ends before whitespace or the end. */
export function snapToWords(text: string, start: number, end: number): { start: number; end: number } {
  let s = Math.min(start, text.length);
  let e = Math.min(end, text.length);
  while (s > 0 && !/\s/.test(text[s - 1] ?? ' ')) s--;
  while (e < text.length && !/\s/.test(text[e] ?? ' ')) e++;
  return { start: s, end: e };
}

/** A snippet cut into sentences, as FG-RLHF's passages hold them. */
function snippetSentences(snippet: string | undefined, lang: string | null): string[] {
  if (!snippet) return [];
  return segmentSentences(snippet, lang)
    .map((r) => snippet.slice(r.start, r.end).trim())
    .filter((s) => s.length > 0);
}

type EditEvent = Extract<FeedbackEvent, { kind: 'edit' }>;
type Provenance = ReturnType<typeof provenanceOf>;
const isCorrection = (e: FeedbackEvent): e is EditEvent =>
  e.kind === 'edit' && e.value.op === 'correct_answer' && typeof e.value.after === 'string';
const isSpanLabel = (label: string): label is (typeof SPAN_LABELS)[number] =>
  (SPAN_LABELS as readonly string[]).includes(label);

export const fgRlhfFormat = {
  id: 'fg-rlhf',
  label: 'Fine-Grained RLHF span feedback',
  fileExtension: 'json',
  mimeType: 'application/json',
  description: 'qa-feedback records: error spans with types, missing information and the corrected answer.',
  reads: 'latest',
  options: [UNCONFIRMED_OPTION],
  create: ({ redact, options }) => {
    let first = true;
    const judgedEvent = judgedWith(options);
    return {
      start: () => '[\n',
      trace: ({ trace, events }) => {
        const judged = events.filter((e) => e.stage === 'answer' && judgedEvent(e));
        // A span or nugget an agent proposed says so (origin, agent, `unconfirmed` when not answered yet).
        const errors: ({ 'error type': string; explanation: string; start: number; end: number } & Provenance)[] = [];
        const missing: ({
          'error type': string;
          passage_id: null;
          sentence_id: number[];
          text: string;
        } & Provenance)[] = [];
        for (const e of judged) {
          if (e.kind !== 'label') continue;
          if (e.target.type === 'span' && isSpanLabel(e.value.label)) {
            const { start, end } = snapToWords(trace.answer.text, e.target.position.start, e.target.position.end);
            errors.push({
              'error type': FG_ERROR_TYPES[e.value.label],
              explanation: '',
              start,
              end,
              ...provenanceOf(e),
            });
          } else if (e.value.label === 'missing_information' && e.value.text) {
            const type = MISSING_TYPES[e.value.importance ?? 'okay'];
            missing.push({
              'error type': type,
              passage_id: null,
              sentence_id: [],
              text: redact(e.value.text),
              ...provenanceOf(e),
            });
          }
        }
        const correction = lastOf(
          judged.filter((e) => e.origin !== 'shadow'),
          isCorrection,
        )?.value.after;
        if (errors.length === 0 && missing.length === 0 && typeof correction !== 'string') return '';
        errors.sort((a, b) => a.start - b.start || a.end - b.end);
        const sources = sourcesInOrder(trace);
        const record = {
          id: trace.id,
          question: redact(trace.query),
          // FG-RLHF passages are [title, sentence, …]: the title, then the sentences of the snippet the page showed.
          passages: sources.map((s) => [sourceTitle(s), ...snippetSentences(s.snippet, trace.lang)]),
          passage_urls: sources.map((s) => s.url),
          'prediction 1': redact(trace.answer.text),
          feedback: {
            errors,
            'missing-info': missing,
            'corrected-prediction': typeof correction === 'string' ? redact(correction) : '',
          },
        };
        const out = `${first ? '' : ',\n'}${JSON.stringify(record)}`;
        first = false;
        return out;
      },
      end: () => `${first ? '' : '\n'}]\n`,
    };
  },
} as const satisfies ExportFormat;
