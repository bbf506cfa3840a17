/**
 * Strict readers for the TREC files, with trec_eval's rules (no trec_eval package in Debian 12 to run): qrels
 * `qid iter docno rel`; runs `qid Q0 docno rank sim tag`, no docno twice for a query (trec_eval stops with
 * "duplicate docno"), and here also ranks 1..n in file order with strictly falling scores, so every reader
 * (trec_eval sorts by score, others by rank) sees the same order. Topics: `qid<TAB>query`, one line per qid.
 */

const lines = (text: string, what: string) => {
  if (text !== '' && !text.endsWith('\n')) throw new Error(`${what}: the last line has no line break`);
  return text.split('\n').slice(0, -1);
};

export function readQrels(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [i, line] of lines(text, 'qrels').entries()) {
    const f = line.split(' ');
    if (f.length !== 4 || f.some((x) => x === '')) throw new Error(`qrels line ${i + 1}: not 4 fields: ${line}`);
    const [qid, iter, docno, rel] = f as [string, string, string, string];
    if (iter !== '0') throw new Error(`qrels line ${i + 1}: iteration ${iter}`);
    if (!/^[0-3]$/.test(rel)) throw new Error(`qrels line ${i + 1}: grade ${rel} is not 0–3`);
    const docs = out.get(qid) ?? new Map<string, number>();
    if (docs.has(docno)) throw new Error(`qrels line ${i + 1}: ${docno} judged twice for ${qid}`);
    docs.set(docno, Number(rel));
    out.set(qid, docs);
  }
  return out;
}

export interface Run {
  tags: Set<string>;
  /** Docnos per qid in rank order. */
  rankings: Map<string, string[]>;
}

export function readRun(text: string): Run {
  const tags = new Set<string>();
  const rankings = new Map<string, string[]>();
  const lastScore = new Map<string, number>();
  for (const [i, line] of lines(text, 'run').entries()) {
    const f = line.split(' ');
    if (f.length !== 6 || f.some((x) => x === '')) throw new Error(`run line ${i + 1}: not 6 fields: ${line}`);
    const [qid, q0, docno, rank, score, tag] = f as [string, string, string, string, string, string];
    if (q0 !== 'Q0') throw new Error(`run line ${i + 1}: ${q0} where Q0 goes`);
    if (!/^-?\d+(\.\d+)?$/.test(score)) throw new Error(`run line ${i + 1}: score ${score}`);
    const ranking = rankings.get(qid) ?? [];
    if (ranking.includes(docno)) throw new Error(`run line ${i + 1}: duplicate docno ${docno} for ${qid}`);
    if (Number(rank) !== ranking.length + 1) throw new Error(`run line ${i + 1}: rank ${rank} out of order`);
    const previous = lastScore.get(qid);
    if (previous !== undefined && Number(score) >= previous) throw new Error(`run line ${i + 1}: score not falling`);
    lastScore.set(qid, Number(score));
    ranking.push(docno);
    rankings.set(qid, ranking);
    tags.add(tag);
  }
  return { tags, rankings };
}

export function readTopics(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [i, line] of lines(text, 'topics').entries()) {
    const f = line.split('\t');
    if (f.length !== 2 || f[0] === '') throw new Error(`topics line ${i + 1}: not qid<TAB>query: ${line}`);
    const [qid, query] = f as [string, string];
    if (/\s/.test(qid)) throw new Error(`topics line ${i + 1}: whitespace in qid`);
    if (out.has(qid)) throw new Error(`topics line ${i + 1}: ${qid} twice`);
    out.set(qid, query);
  }
  return out;
}
