import type { FeedbackEvent, Trace } from '../../schema';
import { filePart } from '../bundle';
import type { ExportFormat } from '../format';
import { isJudgement, judgedWith, UNCONFIRMED_OPTION } from '../records';

/** TREC columns are whitespace-separated: an id or URL with whitespace would shift them (URLs are canonical). */
const token = (s: string) => s.replace(/\s+/g, '_');
/** A run tag and file name: letters, digits, `.`, `_`, `-` (site ids are adapter ids such as `perplexity`). */
const runName = (siteId: string) => siteId.replace(/[^A-Za-z0-9._-]/g, '_') || 'site';
/** A TSV field: no tabs or line breaks (or other control characters), whitespace runs collapsed. */
const tsvField = (s: string) => s.replace(/[\p{Cc}\s]+/gu, ' ').trim();

export const QRELS_FILE = 'qrels.txt';
/** Grades from the agent's open proposals (the `unconfirmed` option), kept out of qrels.txt. */
export const UNCONFIRMED_QRELS_FILE = 'qrels.unconfirmed.txt';
/** Per qrels line that came from an agent's proposal: who proposed it (written only when there is any). */
export const QRELS_PROVENANCE_FILE = 'qrels.provenance.tsv';
export const TOPICS_FILE = 'topics.tsv';
export const siteRunFile = (siteId: string) => `runs/${runName(siteId)}.run`;
export const userRunFile = (siteId: string) => `runs/${runName(siteId)}.user.run`;
export const siteRunTag = (siteId: string) => runName(siteId);
export const userRunTag = (siteId: string) => `${runName(siteId)}.user`;

/** The user's latest grade per source URL of a trace (with `judged`, also other events it accepts). */
export function latestGrades(
  trace: Trace,
  events: readonly FeedbackEvent[],
  judged: (e: FeedbackEvent) => boolean = isJudgement,
): Map<string, number> {
  return new Map([...latestGradeEvents(trace, events, judged)].map(([url, e]) => [url, e.value as number]));
}

function latestGradeEvents(trace: Trace, events: readonly FeedbackEvent[], judged: (e: FeedbackEvent) => boolean) {
  const grades = new Map<string, FeedbackEvent>();
  for (const event of events) {
    if (event.kind !== 'relevance' || event.target.type !== 'source' || !judged(event)) continue;
    const sourceId = event.target.sourceId;
    const source = trace.sources.find((s) => s.id === sourceId);
    if (source) grades.set(source.url, event);
  }
  return grades;
}

const bySitePosition = (trace: Trace) => [...trace.sources].sort((a, b) => a.position - b.position);

/** The site's ranking: sources by position, first occurrence of each URL (trec_eval rejects repeated docids). */
export function siteRanking(trace: Trace): string[] {
  return [...new Set(bySitePosition(trace).map((s) => s.url))];
}

/**
 * The user's ranking: the site's sources in the user's latest re-ranked order (sources the re-rank does not
 * list keep their site order after it), minus the sources the user removed, then the sources the user added
 * in the order they were added. Where the user changed nothing it is the site's ranking.
 */
export function userRanking(trace: Trace, events: readonly FeedbackEvent[]): string[] {
  let order = bySitePosition(trace).map((s) => s.id);
  const removed = new Set<string>();
  const added: string[] = [];
  for (const event of events) {
    if (event.kind !== 'edit' || event.stage !== 'retrieval' || !isJudgement(event)) continue;
    const { op, after } = event.value;
    if (op === 'rerank' && Array.isArray(after)) {
      const listed = after.filter((id) => order.includes(id));
      order = [...listed, ...order.filter((id) => !listed.includes(id))];
    } else if (op === 'remove' && event.target.type === 'source') removed.add(event.target.sourceId);
    else if (op === 'add_source' && typeof after === 'string') added.push(after);
  }
  const urls = order
    .filter((id) => !removed.has(id))
    .map((id) => trace.sources.find((s) => s.id === id)?.url)
    .filter((url): url is string => url !== undefined);
  return [...new Set([...urls, ...added])];
}

const runLines = (qid: string, ranking: readonly string[], tag: string) =>
  ranking.map((url, i) => `${qid} Q0 ${token(url)} ${i + 1} ${ranking.length - i} ${tag}\n`).join('');

export const trecFormat = {
  id: 'trec',
  label: 'TREC evaluation set (qrels, topics, a run per site)',
  fileExtension: 'zip',
  mimeType: 'application/zip',
  description:
    'A zip for trec_eval: qrels.txt (your 0–3 grades), topics.tsv (qid and query), and per site a run in the ' +
    'site’s source order and one in your own order (re-ranked, removed and added sources).',
  reads: 'latest',
  bundle: true,
  options: [UNCONFIRMED_OPTION],
  create: ({ redact, options }) => ({
    start: () => '',
    trace: ({ trace, events }) => {
      const qid = trace.id;
      const site = siteRanking(trace);
      const user = userRanking(trace, events);
      const grades = latestGradeEvents(trace, events, judgedWith(options));
      if (site.length === 0 && user.length === 0 && grades.size === 0) return '';
      let qrels = '';
      let unconfirmed = '';
      let provenance = '';
      for (const [url, e] of grades) {
        const line = `${qid} 0 ${token(url)} ${e.value}\n`;
        if (e.origin === 'shadow') unconfirmed += line;
        else qrels += line;
        if (e.agent)
          provenance += `${qid}\t${token(url)}\t${e.origin}\t${tsvField(e.agent.name)}\t${tsvField(e.agent.version)}\t${e.agent.confidence}\n`;
      }
      return (
        filePart(TOPICS_FILE, `${qid}\t${tsvField(redact(trace.query))}\n`) +
        filePart(QRELS_FILE, qrels) +
        filePart(UNCONFIRMED_QRELS_FILE, unconfirmed) +
        filePart(QRELS_PROVENANCE_FILE, provenance) +
        filePart(siteRunFile(trace.siteId), runLines(qid, site, siteRunTag(trace.siteId))) +
        filePart(userRunFile(trace.siteId), runLines(qid, user, userRunTag(trace.siteId)))
      );
    },
    end: () => '',
  }),
} as const satisfies ExportFormat;
