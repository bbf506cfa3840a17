/**
 * Agent proposals in exports: every format keeps where a judgement came from; the training formats (qrels,
 * FG-RLHF) use the user's own and confirmed judgements by default, and the "unconfirmed" option adds the open
 * proposals, marked as such.
 */
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { splitBundle } from '../../../storage/exports/bundle';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import type { FeedbackEvent } from '../../../storage/schema';
import { upsertTrace } from '../../../storage/trace-store';
import { makeEvent } from '../../../utils/content/make-event';
import { uuidv7 } from '../../../utils/uuidv7';
import { spanLabel, traceDraft } from '../../support/factories';

const agent = { name: 'stageback-shadow-stats', version: '1.0.0', confidence: 0.83 };
const evidence = { question: 'Is this page relevant here?', why: 'You graded 2 pages from it as relevant.' };
let db: StagebackDB;
const URLS = ['https://a.example/1', 'https://b.example/2', 'https://c.example/3'];

beforeAll(async () => {
  db = new StagebackDB(`shadow-exports-${uuidv7()}`);
  await db.open();
  const draft = traceDraft({
    sources: URLS.map((url, i) => ({
      id: `s${i}`,
      url,
      title: `Page ${i}`,
      domain: new URL(url).hostname,
      position: i,
      citingSentenceIds: [],
    })),
  });
  const { traceId } = await upsertTrace(db, draft);
  const grade = (sourceId: string, value: 0 | 1 | 2 | 3) =>
    makeEvent(traceId, { stage: 'retrieval', target: { type: 'source', sourceId }, kind: 'relevance', value });
  const own = grade('s0', 3);
  const proposed = { ...grade('s1', 2), origin: 'shadow', agent, evidence } as FeedbackEvent;
  const confirmed = {
    ...grade('s1', 2),
    origin: 'shadow_confirmed',
    agent,
    evidence,
    supersedes: proposed.id,
  } as FeedbackEvent;
  const open = { ...grade('s2', 0), origin: 'shadow', agent, evidence } as FeedbackEvent;
  const openSpan = { ...spanLabel(traceId, 'unverifiable'), origin: 'shadow', agent, evidence } as FeedbackEvent;
  const confirmedSpan = { ...spanLabel(traceId), origin: 'shadow_confirmed', agent, evidence } as FeedbackEvent;
  await db.events.bulkAdd([own, proposed, confirmed, open, openSpan, confirmedSpan]);
});
afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function exported(format: string, formatOptions = {}): Promise<string> {
  const sink = stringSink();
  const result = await runExport(db, format, { sink, exportedAt: '2026-12-01T00:00:00.000Z', formatOptions });
  expect(result.status).toBe('done');
  return sink.text();
}

describe('exports of agent proposals', () => {
  it('qrels: own and confirmed grades by default, who proposed each confirmed one beside it', async () => {
    const files = await splitBundle(await exported('trec'));
    const qrels = files.get('qrels.txt') ?? '';
    expect(qrels).toContain(' https://a.example/1 3');
    expect(qrels).toContain(' https://b.example/2 2');
    expect(qrels).not.toContain('c.example');
    expect(files.has('qrels.unconfirmed.txt')).toBe(false);
    expect(files.get('qrels.provenance.tsv')).toMatch(
      /\thttps:\/\/b\.example\/2\tshadow_confirmed\tstageback-shadow-stats\t1\.0\.0\t0\.83\n$/,
    );
  });

  it('qrels with the option: open proposals in their own file, marked in the provenance', async () => {
    const files = await splitBundle(await exported('trec', { unconfirmed: true }));
    expect(files.get('qrels.txt')).not.toContain('c.example');
    expect(files.get('qrels.unconfirmed.txt')).toMatch(/ 0 https:\/\/c\.example\/3 0\n$/);
    expect(files.get('qrels.provenance.tsv')).toContain('\thttps://c.example/3\tshadow\tstageback-shadow-stats');
  });

  it('FG-RLHF: a confirmed span carries its agent; an open one only with the option, marked unconfirmed', async () => {
    const plain = JSON.parse(await exported('fg-rlhf')) as { feedback: { errors: Record<string, unknown>[] } }[];
    expect(plain[0]?.feedback.errors).toEqual([
      expect.objectContaining({ 'error type': 'Wrong-Grounding', origin: 'shadow_confirmed', agent }),
    ]);
    const withOpen = JSON.parse(await exported('fg-rlhf', { unconfirmed: true })) as typeof plain;
    expect(withOpen[0]?.feedback.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ 'error type': 'Unverifiable', origin: 'shadow', agent, unconfirmed: true }),
      ]),
    );
  });

  it('the canonical log and the CSV keep origin, agent, confidence (and the log the evidence)', async () => {
    const log = (await exported('jsonl')).split('\n').filter((l) => l.includes('"shadow'));
    expect(log.length).toBe(5);
    for (const line of log) expect(JSON.parse(line).event).toMatchObject({ agent, evidence });
    const csv = await exported('csv');
    expect(csv).toContain('stageback-shadow-stats 1.0.0 (0.83)');
    expect(csv).toContain('shadow_confirmed');
  });
});
