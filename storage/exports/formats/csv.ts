import { RELEVANCE_NAMES } from '../../labels';
import type { FeedbackEvent, Trace } from '../../schema';
import type { ExportFormat } from '../format';
import { redactedAnswerOf, sourceOf, targetText } from '../records';
import { type Redact, redactUrl } from '../redaction';

export const CSV_COLUMNS = [
  'event_id',
  'created_at',
  'trace_id',
  'site_id',
  'page_url',
  'query',
  'stage',
  'kind',
  'origin',
  'agent',
  'supersedes',
  'target',
  'labelled_text',
  'source_url',
  'source_title',
  'value',
  'score',
  'text',
  'before',
  'after',
  'detail',
] as const;
type Row = Record<(typeof CSV_COLUMNS)[number], string>;

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / CR) as a formula; free text from pages and users
 * gets a leading apostrophe so it stays text (OWASP "CSV injection"). Cells Stageback generates are left as is.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const csvLine = (row: Row) => `${CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;

function targetName(event: FeedbackEvent): string {
  const t = event.target;
  switch (t.type) {
    case 'stage':
      return 'stage';
    case 'subquery':
      return `subquery:${t.subqueryId}`;
    case 'source':
      return `source:${t.sourceId}`;
    case 'citation':
      return `citation:${t.sentenceId}/${t.sourceId}`;
    case 'span':
      return `span:${t.position.start}-${t.position.end}`;
  }
}

/** Edit before/after: text as is; reorder/rerank id lists as a JSON array of the items' text or URL. */
function editSide(trace: Trace, event: FeedbackEvent, side: string | string[] | null, redact: Redact): string {
  if (side === null) return '';
  if (typeof side === 'string') return redact(side);
  const names = side.map((id) =>
    event.stage === 'decomposition'
      ? redact(trace.subqueries.find((q) => q.id === id)?.text ?? id)
      : (trace.sources.find((s) => s.id === id)?.url ?? id),
  );
  return JSON.stringify(names);
}

function valueColumns(trace: Trace, event: FeedbackEvent, redact: Redact) {
  const empty = { value: '', score: '', text: '', before: '', after: '', detail: '' };
  switch (event.kind) {
    case 'rating':
      return { ...empty, value: event.value.scale, score: String(event.value.score) };
    case 'relevance':
      return { ...empty, value: RELEVANCE_NAMES[event.value], score: String(event.value) };
    case 'label': {
      const { label, text, importance } = event.value;
      return {
        ...empty,
        value: label,
        text: text === undefined ? '' : redact(text),
        detail: importance ? JSON.stringify({ importance }) : '',
      };
    }
    case 'comment':
      return { ...empty, text: redact(event.value) };
    case 'edit':
      return {
        ...empty,
        value: event.value.op,
        before: editSide(trace, event, event.value.before, redact),
        after: editSide(trace, event, event.value.after, redact),
      };
    case 'implicit': {
      const { signal, text, ...rest } = event.value;
      return {
        ...empty,
        value: signal,
        text: text === undefined ? '' : redact(text),
        detail: Object.keys(rest).length > 0 ? JSON.stringify(rest) : '',
      };
    }
    case 'retraction':
      return empty;
    case 'refinement':
      return {
        ...empty,
        value: event.value.engine,
        text: redact(event.value.query),
        detail: JSON.stringify({ feedbackEventIds: event.value.feedbackEventIds }),
      };
    case 'comparison':
      return {
        ...empty,
        value: event.value.verdict,
        detail: JSON.stringify({
          refinementId: event.value.refinementId,
          originalTraceId: event.value.originalTraceId,
          ...(event.value.unchanged ? { unchanged: true } : {}),
        }),
      };
  }
}

/** Marks the file as UTF-8 for Excel, which otherwise reads a CSV in the system's legacy code page. */
export const UTF8_BOM = '\uFEFF';

export const csvFormat = {
  id: 'csv',
  label: 'Spreadsheet (CSV)',
  fileExtension: 'csv',
  mimeType: 'text/csv',
  description: 'One row per effective event, with the labelled text itself (span, sub-query, sentence, source).',
  reads: 'latest',
  options: [
    {
      id: 'formulaGuard',
      type: 'boolean',
      label: 'Protect spreadsheets from formulas',
      hint: 'Text starting with = + - or @ gets a leading apostrophe so a spreadsheet shows it instead of running it. Turn off for pandas, R or a database, which read the text as is.',
      default: true,
    },
    {
      id: 'bom',
      type: 'boolean',
      label: 'Mark the file as UTF-8 for Excel',
      hint: 'Adds an invisible byte-order mark at the start so Excel shows accents and other scripts correctly.',
      default: false,
    },
  ],
  create: ({ redact, options }) => {
    const answerOf = redactedAnswerOf(redact);
    const freeText = options.formulaGuard === false ? (text: string) => text : neutraliseFormula;
    return {
      start: () => `${options.bom === true ? UTF8_BOM : ''}${CSV_COLUMNS.join(',')}\r\n`,
      trace: ({ trace, events }) => {
        const pageUrl = redactUrl(trace.pageUrl, redact);
        const query = redact(trace.query);
        let out = '';
        for (const event of events) {
          const source = sourceOf(trace, event);
          const values = valueColumns(trace, event, redact);
          out += csvLine({
            event_id: event.id,
            created_at: event.createdAt,
            trace_id: trace.id,
            site_id: trace.siteId,
            page_url: pageUrl,
            query: freeText(query),
            stage: event.stage,
            kind: event.kind,
            origin: event.origin,
            agent: event.agent
              ? freeText(`${event.agent.name} ${event.agent.version} (${event.agent.confidence})`)
              : '',
            supersedes: event.supersedes ?? '',
            target: targetName(event),
            labelled_text: freeText(targetText(trace, event, redact, answerOf(trace))),
            source_url: source?.url ?? '',
            source_title: freeText(source?.title ?? ''),
            value: values.value,
            score: values.score,
            text: freeText(values.text),
            before: freeText(values.before),
            after: freeText(values.after),
            detail: values.detail,
          });
        }
        return out;
      },
      end: () => '',
    };
  },
} as const satisfies ExportFormat;
