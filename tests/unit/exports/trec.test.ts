import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { splitBundle } from '../../../storage/exports/bundle';
import { userRanking } from '../../../storage/exports/formats/trec';
import { createRedactor } from '../../../storage/exports/redaction';
import { exportFormat } from '../../../storage/exports/registry';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import type { FeedbackEvent } from '../../../storage/schema';
import { uuidv7 } from '../../../utils/uuidv7';
import { EVENTS, EXPORTED_AT, fillDataset, TRACES, traceId } from './dataset';
import { readQrels, readRun, readTopics } from './trec-files';

let db: StagebackDB;
let files = new Map<string, string>();

beforeAll(async () => {
  db = new StagebackDB(`trec-${uuidv7()}`);
  await db.open();
  await fillDataset(db);
  const sink = stringSink();
  const result = await runExport(db, 'trec', { sink, exportedAt: EXPORTED_AT });
  expect(result.status).toBe('done');
  files = await splitBundle(sink.text());
});
afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const file = (name: string) => {
  const text = files.get(name);
  if (text === undefined) throw new Error(`no ${name} in the export (it has ${[...files.keys()].join(', ')})`);
  return text;
};
const runFiles = () => [...files.keys()].filter((n) => n.endsWith('.run')).sort();
const siteOf = new Map(TRACES.map((t) => [t.id, t.siteId]));

describe('trec: one zip of qrels, topics and runs, as trec_eval reads them', () => {
  it('holds qrels, topics, and per site a run in the site order and one in the user order', () => {
    expect([...files.keys()].sort()).toEqual([
      'qrels.txt',
      'runs/copilot.run',
      'runs/copilot.user.run',
      'runs/google-ai-overview.run',
      'runs/google-ai-overview.user.run',
      'runs/perplexity.run',
      'runs/perplexity.user.run',
      'topics.tsv',
    ]);
  });

  it('each run file has one run tag, named after it, and only that site’s queries', () => {
    for (const name of runFiles()) {
      const run = readRun(file(name));
      const tag = name.replace(/^runs\//, '').replace(/\.run$/, '');
      expect([...run.tags], name).toEqual([tag]);
      const site = tag.replace(/\.user$/, '');
      for (const qid of run.rankings.keys()) expect(siteOf.get(qid), `${name}: ${qid}`).toBe(site);
    }
  });

  it('qids agree: every run and qrels qid has a topic, every topic is ranked, topics carry the query text', () => {
    const topics = readTopics(file('topics.tsv'));
    const qrels = readQrels(file('qrels.txt'));
    const ranked = new Set(runFiles().flatMap((n) => [...readRun(file(n)).rankings.keys()]));
    for (const qid of qrels.keys()) expect(topics.has(qid), qid).toBe(true);
    expect([...ranked].sort()).toEqual([...topics.keys()].sort());
    for (const [qid, query] of topics) expect(query).toBe(TRACES.find((t) => t.id === qid)?.query);
    // A site run and its user run rank the same queries, so the two are compared on one query set.
    for (const name of runFiles().filter((n) => !n.endsWith('.user.run'))) {
      const user = name.replace(/\.run$/, '.user.run');
      expect([...readRun(file(user)).rankings.keys()]).toEqual([...readRun(file(name)).rankings.keys()]);
    }
  });

  it('grades are the user’s latest 0–3', () => {
    const qrels = readQrels(file('qrels.txt'));
    expect(qrels.get(traceId(1))?.get('https://www.cdc.gov/sleep/about/index.html')).toBe(3);
    expect(qrels.get(traceId(2))?.get('https://extension.umn.edu/vegetables/growing-tomatoes')).toBe(0);
  });

  it('the user run is the user’s order: the re-ranking applied, the added source ranked after the others', () => {
    const perplexity = TRACES[1];
    const site = readRun(file('runs/perplexity.run')).rankings.get(traceId(2));
    const user = readRun(file('runs/perplexity.user.run')).rankings.get(traceId(2));
    expect(site).toEqual(perplexity?.sources.map((s) => s.url));
    // Event 22 re-ranked b0, b1, b2 to b1, b0, b2.
    expect(user).toEqual([
      'https://www.almanac.com/gardening/frostdates',
      'https://extension.umn.edu/vegetables/growing-tomatoes',
      'https://www.gardeningknowhow.com/edible/vegetables/tomato/tomato-soil-temperature.htm',
    ]);
    expect(readRun(file('runs/copilot.user.run')).rankings.get(traceId(3))).toEqual([
      'https://www.fda.gov/consumers/consumer-updates/spilling-beans-how-much-caffeine-too-much',
      'https://www.hsph.harvard.edu/nutritionsource/food-features/coffee/',
    ]);
    // Where the user changed nothing, the user run is the site's order.
    expect(readRun(file('runs/google-ai-overview.user.run')).rankings.get(traceId(1))).toEqual(
      readRun(file('runs/google-ai-overview.run')).rankings.get(traceId(1)),
    );
  });

  it('a removed source leaves the user run; only the latest re-ranking counts; an agent’s proposal does not', () => {
    const trace = TRACES[1];
    if (!trace) throw new Error('no trace');
    const base = EVENTS.find((e) => e.traceId === trace.id && e.kind === 'edit' && e.value.op === 'rerank');
    if (!base) throw new Error('no rerank');
    const edit = (over: Partial<FeedbackEvent> & { value: unknown }) => ({ ...base, ...over }) as FeedbackEvent;
    const events = [
      edit({ value: { op: 'rerank', before: ['b0', 'b1', 'b2'], after: ['b2', 'b1', 'b0'] } }),
      edit({ value: { op: 'rerank', before: ['b0', 'b1', 'b2'], after: ['b1', 'b2', 'b0'] } }),
      edit({ target: { type: 'source', sourceId: 'b2' }, value: { op: 'remove', before: 'x', after: null } }),
      edit({
        origin: 'shadow',
        agent: { name: 'a', version: '1', confidence: 0.5 },
        value: { op: 'add_source', before: null, after: 'https://agent.example/' },
      }),
    ];
    expect(userRanking(trace, events)).toEqual([
      'https://www.almanac.com/gardening/frostdates',
      'https://extension.umn.edu/vegetables/growing-tomatoes',
    ]);
  });

  it('topics carry the redacted query, one line each even when the query holds tabs or line breaks', async () => {
    const sink = stringSink();
    await runExport(db, 'trec', { sink, exportedAt: EXPORTED_AT, redact: createRedactor({ words: ['tomatoes'] }) });
    const topics = readTopics((await splitBundle(sink.text())).get('topics.tsv') ?? '');
    expect(topics.get(traceId(2))).toBe('best time to plant ████████ in zone 6');
    const trace = { ...TRACES[0], query: 'how much\tsleep\r\ndo adults need' } as (typeof TRACES)[number];
    const formatter = exportFormat('trec')?.create({ redact: (t) => t, exportedAt: EXPORTED_AT, options: {} });
    const events = EVENTS.filter((e) => e.traceId === trace.id);
    const own = await splitBundle(formatter?.trace({ trace, events }) ?? '');
    expect(readTopics(own.get('topics.tsv') ?? '').get(trace.id)).toBe('how much sleep do adults need');
  });
});
