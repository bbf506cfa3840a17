import { readFileSync } from 'node:fs';
import path from 'node:path';
import Dexie from 'dexie';
import jsonld from 'jsonld';
import type { RemoteDocument } from 'jsonld/jsonld-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { noRedaction } from '../../../storage/exports/redaction';
import { exportFormat } from '../../../storage/exports/registry';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import type { FeedbackEvent, Trace } from '../../../storage/schema';
import { uuidv7 } from '../../../utils/uuidv7';
import { EXPORTED_AT, eventId, fillDataset, TRACES, traceId } from './dataset';

/** The official context, kept as a fixture (see tests/fixtures/w3c/PROVENANCE.md); never fetched. */
const ANNO_URL = 'http://www.w3.org/ns/anno.jsonld';
const ANNO = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../fixtures/w3c/anno.jsonld'), 'utf8'));
/** The published file since 2021 (w3c/web-annotation#444) adds one term. */
const ANNO_2021 = { '@context': { ...ANNO['@context'], assessing: 'oa:assessing' } };

const loaderFor =
  (context: unknown) =>
  async (url: string): Promise<RemoteDocument> => {
    if (url === ANNO_URL) return { documentUrl: url, document: structuredClone(context) as RemoteDocument['document'] };
    throw new Error(`the test loads no other document (asked for ${url})`);
  };

const OA = 'http://www.w3.org/ns/oa#';
const AS = 'http://www.w3.org/ns/activitystreams#';
const SB = 'urn:stageback:vocab#';

type Node = Record<string, unknown>;
interface Doc {
  id: string;
  total: number;
  first: { id: string; partOf: string; startIndex: number; items: Node[] };
}

let db: StagebackDB;
let text = '';

beforeAll(async () => {
  db = new StagebackDB(`wa-${uuidv7()}`);
  await db.open();
  await fillDataset(db);
  const sink = stringSink();
  await runExport(db, 'web-annotation', { sink, exportedAt: EXPORTED_AT });
  text = sink.text();
});
afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** Expands in safe mode: jsonld throws on any key or value that does not map to an absolute IRI. */
const expand = (doc: unknown, context: unknown = ANNO) =>
  jsonld.expand(
    doc as jsonld.JsonLdDocument,
    {
      documentLoader: loaderFor(context),
      safe: true,
    } as jsonld.Options.Expand,
  ) as Promise<Node[]>;

/** Every node object in an expanded document. */
function* nodes(value: unknown): Generator<Node> {
  if (Array.isArray(value)) for (const v of value) yield* nodes(v);
  else if (value && typeof value === 'object') {
    const node = value as Node;
    if (!('@value' in node)) yield node;
    for (const [k, v] of Object.entries(node)) if (k !== '@value') yield* nodes(v);
  }
}

const values = (node: Node, iri: string): unknown[] => (node[iri] as unknown[] | undefined) ?? [];
const literal = (node: Node, iri: string) => (values(node, iri)[0] as { '@value'?: unknown } | undefined)?.['@value'];
const ref = (node: Node, iri: string) => (values(node, iri)[0] as { '@id'?: string } | undefined)?.['@id'];

/** The expanded annotations, by id. */
async function expandedAnnotations(doc: unknown, context: unknown = ANNO): Promise<Map<string, Node>> {
  const expanded = await expand(doc, context);
  const out = new Map<string, Node>();
  for (const n of nodes(expanded))
    if ((n['@type'] as string[] | undefined)?.includes(`${OA}Annotation`)) out.set(n['@id'] as string, n);
  return out;
}

/** A formatter run over hand-made traces (two answers on one chat page). */
function format(traces: { trace: Trace; events: FeedbackEvent[] }[]): Doc {
  const formatter = exportFormat('web-annotation')?.create({
    redact: noRedaction,
    exportedAt: EXPORTED_AT,
    options: {},
  });
  if (!formatter) throw new Error('no web-annotation format');
  return JSON.parse(formatter.start() + traces.map((t) => formatter.trace(t)).join('') + formatter.end()) as Doc;
}

describe('web-annotation, read by jsonld against the official W3C context', () => {
  it('expands with nothing dropped: every key of every annotation maps to an IRI, every @id is absolute', async () => {
    const doc = JSON.parse(text) as Doc;
    const expanded = await expand(doc);
    for (const node of nodes(expanded)) {
      for (const key of Object.keys(node))
        expect(key.startsWith('@') || /^[a-z][a-z0-9+.-]*:/i.test(key), key).toBe(true);
      if (typeof node['@id'] === 'string') expect(node['@id'], 'relative IRI').toMatch(/^[a-z][a-z0-9+.-]*:/i);
      for (const type of (node['@type'] as string[] | undefined) ?? []) expect(type).toMatch(/^[a-z][a-z0-9+.-]*:/i);
    }
    // Compacting the expansion with the export's own context gives the export back: nothing was lost.
    const compacted = await jsonld.compact(
      expanded as jsonld.JsonLdDocument,
      { '@context': (doc as never)['@context'] },
      {
        documentLoader: loaderFor(ANNO),
      } as jsonld.Options.Compact,
    );
    const { '@context': _a, ...again } = compacted as Node;
    const { '@context': _b, ...original } = doc as unknown as Node;
    expect(again).toEqual(original);
  });

  it('motivation and purpose `assessing` are oa:assessing under the 2016 file and the 2021 one alike', async () => {
    const doc = JSON.parse(text) as Doc;
    for (const context of [ANNO, ANNO_2021]) {
      const annotations = await expandedAnnotations(doc, context);
      const rating = annotations.get(`urn:uuid:${eventId(1)}`) as Node;
      expect(ref(rating, `${OA}motivatedBy`)).toBe(`${OA}assessing`);
      const body = values(rating, `${OA}hasBody`)[0] as Node;
      expect(ref(body, `${OA}hasPurpose`)).toBe(`${OA}assessing`);
    }
  });

  it('the collection says how many annotations it holds; its page says it is part of it, from index 0', async () => {
    const doc = JSON.parse(text) as Doc;
    expect(doc.total).toBe(doc.first.items.length);
    expect(doc.first.partOf).toBe(doc.id);
    expect(doc.first.startIndex).toBe(0);
    const expanded = await expand(doc);
    const collection = [...nodes(expanded)].find((n) => n['@id'] === doc.id) as Node;
    expect(Number(literal(collection, `${AS}totalItems`))).toBe(doc.first.items.length);
    const page = [...nodes(expanded)].find((n) => n['@id'] === doc.first.id) as Node;
    expect(ref(page, `${AS}partOf`)).toBe(doc.id);
    expect(Number(literal(page, `${AS}startIndex`))).toBe(0);
  });

  it('every TextPositionSelector resolves to its TextQuoteSelector in the answer its target names', async () => {
    const doc = JSON.parse(text) as Doc;
    const answers = new Map(TRACES.map((t) => [`urn:uuid:${t.id}`, t.answer.text]));
    let checked = 0;
    for (const a of doc.first.items) {
      const target = a.target as { source: string; selector?: Node | Node[] };
      const selectors = [target.selector ?? []].flat() as Node[];
      const position = selectors.find((s) => s.type === 'TextPositionSelector');
      if (!position) continue;
      const quote = selectors.find((s) => s.type === 'TextQuoteSelector') as Node;
      const answer = answers.get(target.source);
      expect(answer, `${a.id}: the selector's source is not an answer`).toBeDefined();
      expect(answer?.slice(position.start as number, position.end as number)).toBe(quote.exact);
      checked++;
    }
    expect(checked).toBe(3); // two span labels and the citation's sentence
  });

  it('a thumbs rating records its stage: decomposition-bad and overall-bad are two different annotations', async () => {
    const chat = chatTraces();
    const doc = format(chat);
    const annotations = await expandedAnnotations(doc);
    const decomposition = annotations.get(`urn:uuid:${chat[0]?.events[0]?.id}`) as Node;
    const overall = annotations.get(`urn:uuid:${chat[0]?.events[1]?.id}`) as Node;
    expect(literal(decomposition, `${SB}stage`)).toBe('decomposition');
    expect(literal(overall, `${SB}stage`)).toBe('overall');
    const strip = (node: Node) => {
      const { '@id': _id, 'http://purl.org/dc/terms/created': _created, ...rest } = node;
      return rest;
    };
    expect(strip(decomposition)).not.toEqual(strip(overall));
  });

  it('each annotation names its answer and query: two answers on one chat page have two targets', async () => {
    const chat = chatTraces();
    const annotations = await expandedAnnotations(format(chat));
    const first = annotations.get(`urn:uuid:${chat[0]?.events[1]?.id}`) as Node;
    const second = annotations.get(`urn:uuid:${chat[1]?.events[0]?.id}`) as Node;
    const pairs: [Node, Trace | undefined][] = [
      [first, chat[0]?.trace],
      [second, chat[1]?.trace],
    ];
    for (const [annotation, trace] of pairs) {
      if (!trace) throw new Error('no trace');
      const answer = values(annotation, `${SB}answer`)[0] as Node;
      expect(answer['@id']).toBe(`urn:uuid:${trace.id}`);
      expect(literal(answer, `${SB}query`)).toBe(trace.query);
      const target = values(annotation, `${OA}hasTarget`)[0] as Node;
      expect(ref(target, `${OA}hasSource`)).toBe(`urn:uuid:${trace.id}`);
      expect(ref(target, `${OA}hasScope`)).toBe(trace.pageUrl);
    }
  });

  it('a citation judgement keeps which is the claim (the target sentence) and which the evidence (the source)', async () => {
    const annotations = await expandedAnnotations(JSON.parse(text));
    const citation = annotations.get(`urn:uuid:${eventId(6)}`) as Node;
    const targets = values(citation, `${OA}hasTarget`) as Node[];
    expect(targets).toHaveLength(1);
    expect(literal(targets[0] as Node, `${SB}role`)).toBe('claim');
    const selectors = values(targets[0] as Node, `${OA}hasSelector`) as Node[];
    const quote = selectors.find((s) => (s['@type'] as string[]).includes(`${OA}TextQuoteSelector`)) as Node;
    expect(literal(quote, `${OA}exact`)).toBe(
      'Most adults need seven or more hours of sleep each night to stay healthy.',
    );
    const evidence = (values(citation, `${OA}hasBody`) as Node[]).find((b) => literal(b, `${SB}role`) === 'evidence');
    expect(ref(evidence as Node, `${OA}hasSource`)).toBe('https://www.cdc.gov/sleep/about/index.html');
    const grade = (values(citation, `${OA}hasBody`) as Node[]).find(
      (b) => ref(b, `${OA}hasPurpose`) === `${OA}assessing`,
    );
    expect(literal(grade as Node, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value')).toBe('supports');
  });
});

/** Two answers on one ChatGPT conversation page; the first got a decomposition and an overall thumbs down. */
function chatTraces(): { trace: Trace; events: FeedbackEvent[] }[] {
  const page = 'https://chatgpt.com/c/6770a1b2-0000-8000-8000-000000000001';
  const trace = (n: number, query: string, answer: string): Trace => ({
    id: traceId(100 + n),
    schemaVersion: 1,
    siteId: 'chatgpt',
    pageUrl: page,
    query,
    capturedAt: '2026-11-26T21:00:00.000Z',
    lang: 'en',
    subqueries: [],
    sources: [],
    answer: { text: answer, sentences: [], complete: true },
    availability: { decomposition: 'read', retrieval: 'read', answer: 'read' },
    adapter: { id: 'chatgpt', version: '1' },
    contentHash: '0'.repeat(64),
  });
  const thumbsDown = (n: number, t: Trace, stage: 'decomposition' | 'overall'): FeedbackEvent => ({
    id: eventId(100 + n),
    schemaVersion: 1,
    traceId: t.id,
    createdAt: '2026-11-26T21:01:00.000Z',
    stage,
    target: { type: 'stage' },
    kind: 'rating',
    value: { scale: 'thumbs', score: -1 },
    origin: 'user',
  });
  const a = trace(1, 'plan a week in Lisbon', 'Day 1: Alfama. Day 2: Belém.');
  const b = trace(2, 'and if it rains?', 'Visit the Gulbenkian museum.');
  return [
    { trace: a, events: [thumbsDown(1, a, 'decomposition'), thumbsDown(2, a, 'overall')] },
    { trace: b, events: [thumbsDown(3, b, 'overall')] },
  ];
}
