import type { FeedbackEvent, Trace } from '../../schema';
import type { ExportFormat } from '../format';
import { isJudgement } from '../records';

/** TREC columns are whitespace-separated: an id or URL with whitespace would shift them (URLs are canonical). */
const token = (s: string) => s.replace(/\s+/g, '_');

/** The user's latest grade per source URL of a trace. */
export function latestGrades(trace: Trace, events: readonly FeedbackEvent[]): Map<string, number> {
  const grades = new Map<string, number>();
  for (const event of events) {
    if (event.kind !== 'relevance' || event.target.type !== 'source' || !isJudgement(event)) continue;
    const sourceId = event.target.sourceId;
    const source = trace.sources.find((s) => s.id === sourceId);
    if (source) grades.set(source.url, event.value);
  }
  return grades;
}

/** The site's ranking: sources by position, first occurrence of each URL (trec_eval rejects repeated docids). */
export function siteRanking(trace: Trace): string[] {
  const urls = [...trace.sources].sort((a, b) => a.position - b.position).map((s) => s.url);
  return [...new Set(urls)];
}

export const trecQrelsFormat: ExportFormat = {
  id: 'trec-qrels',
  label: 'TREC qrels (relevance grades)',
  fileExtension: 'qrels',
  mimeType: 'text/plain',
  description: 'qid 0 docid rel: your latest 0–3 grade of each source; qid is the trace id, docid the source URL.',
  reads: 'latest',
  create: () => ({
    start: () => '',
    trace: ({ trace, events }) => {
      let out = '';
      for (const [url, grade] of latestGrades(trace, events)) out += `${trace.id} 0 ${token(url)} ${grade}\n`;
      return out;
    },
    end: () => '',
  }),
};

export const trecRunFormat: ExportFormat = {
  id: 'trec-run',
  label: 'TREC run (the site’s source order)',
  fileExtension: 'run',
  mimeType: 'text/plain',
  description: 'qid Q0 docid rank score tag: the sources in the order the site showed them; tag is the site id.',
  reads: 'latest',
  create: () => ({
    start: () => '',
    trace: ({ trace }) => {
      const ranking = siteRanking(trace);
      let out = '';
      for (const [i, url] of ranking.entries()) {
        out += `${trace.id} Q0 ${token(url)} ${i + 1} ${ranking.length - i} ${token(trace.siteId)}\n`;
      }
      return out;
    },
    end: () => '',
  }),
};
