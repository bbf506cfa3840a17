import { CITATION_LABELS } from '../../labels';
import type { ExportFormat } from '../format';
import { isJudgement, redactedAnswerOf, sourceOf, targetText } from '../records';
import { sourceText, sourceTitle } from '../source-context';

/** ALCE's citation grades: the source fully supports the sentence (2), partly (1), not at all (0). */
export const SUPPORT_GRADES: Record<(typeof CITATION_LABELS)[number], number> = {
  supports: 2,
  partially_supports: 1,
  does_not_support: 0,
};
const isCitationLabel = (label: string): label is (typeof CITATION_LABELS)[number] =>
  (CITATION_LABELS as readonly string[]).includes(label);

/** ALCE-style citation rows: one per (sentence, cited source) pair the user graded. */
export const citationsFormat = {
  id: 'citations',
  label: 'Citation support rows (ALCE)',
  fileExtension: 'jsonl',
  mimeType: 'application/x-ndjson',
  description: '{sentence, source, support}: each answer sentence with the source it cites and your support grade.',
  reads: 'latest',
  create: ({ redact }) => {
    const answerOf = redactedAnswerOf(redact);
    return {
      start: () => '',
      trace: ({ trace, events }) => {
        let out = '';
        for (const e of events) {
          if (e.kind !== 'label' || e.target.type !== 'citation' || !isJudgement(e)) continue;
          if (!isCitationLabel(e.value.label)) continue;
          const source = sourceOf(trace, e);
          if (!source) continue;
          const row = {
            trace_id: trace.id,
            site_id: trace.siteId,
            question: redact(trace.query),
            sentence_id: e.target.sentenceId,
            sentence: targetText(trace, e, redact, answerOf(trace)),
            source_url: source.url,
            source_title: sourceTitle(source),
            source_text: sourceText(source),
            support: e.value.label,
            support_grade: SUPPORT_GRADES[e.value.label],
          };
          out += `${JSON.stringify(row)}\n`;
        }
        return out;
      },
      end: () => '',
    };
  },
} as const satisfies ExportFormat;
