import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { splitBundle } from '../../../storage/exports/bundle';
import { CSV_COLUMNS } from '../../../storage/exports/formats/csv';
import { EXPORT_FORMATS } from '../../../storage/exports/registry';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import { uuidv7 } from '../../../utils/uuidv7';
import { EXPORTED_AT, eventId, fillDataset, TRACES, traceId } from './dataset';
import { jsonLines, parseCsv } from './parse';

const GOLDEN_DIR = path.join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let db: StagebackDB;
const outputs = new Map<string, string>();

beforeAll(async () => {
  db = new StagebackDB(`golden-${uuidv7()}`);
  await db.open();
  await fillDataset(db);
  for (const format of EXPORT_FORMATS) {
    const sink = stringSink();
    const result = await runExport(db, format.id, { sink, exportedAt: EXPORTED_AT });
    expect(result.status).toBe('done');
    outputs.set(format.id, sink.text());
  }
});
afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const output = (id: string) => outputs.get(id) ?? '';

/** Every file under `dir`, as paths relative to it. */
const filesUnder = (dir: string, prefix = ''): string[] =>
  readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(dir, path.join(prefix, d.name)) : [path.join(prefix, d.name)],
  );

describe('golden files', () => {
  for (const format of EXPORT_FORMATS) {
    if (format.bundle) {
      // Several files: golden/<id>/<file>.golden each.
      it(`${format.id} matches every file of golden/${format.id}/ byte for byte`, async () => {
        const dir = path.join(GOLDEN_DIR, format.id);
        const files = await splitBundle(output(format.id));
        if (UPDATE) {
          for (const [name, text] of files) {
            mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            writeFileSync(path.join(dir, `${name}.golden`), text);
          }
        }
        expect(existsSync(dir), `${dir} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
        expect(filesUnder(dir).sort()).toEqual([...files.keys()].map((n) => `${n}.golden`).sort());
        for (const [name, text] of files) expect(text).toBe(readFileSync(path.join(dir, `${name}.golden`), 'utf8'));
      });
      continue;
    }
    // `.golden` keeps Biome from reformatting the JSON ones.
    it(`${format.id} matches golden/${format.id}.${format.fileExtension}.golden byte for byte`, () => {
      const file = path.join(GOLDEN_DIR, `${format.id}.${format.fileExtension}.golden`);
      if (UPDATE) writeFileSync(file, output(format.id));
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(output(format.id)).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('each output, read as its consumer reads it', () => {
  it('jsonl: a header, then every trace before its events, every event of the history', () => {
    const [header, ...records] = jsonLines(output('jsonl')) as Record<string, unknown>[];
    expect(header).toEqual({ format: 'stageback-log', schemaVersion: 1, exportedAt: EXPORTED_AT });
    const seen = new Set<string>();
    let events = 0;
    for (const r of records) {
      if (r.type === 'trace') seen.add((r.trace as { id: string }).id);
      else {
        expect(seen.has((r.event as { traceId: string }).traceId)).toBe(true);
        events++;
      }
    }
    expect(seen.size).toBe(TRACES.length);
    expect(events).toBe(35);
  });

  it('csv: RFC 4180 rows of the latest state carrying the labelled text, formulas neutralised', () => {
    const [head, ...rows] = parseCsv(output('csv'));
    expect(head).toEqual([...CSV_COLUMNS]);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const col = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
    const byId = new Map(rows.map((r) => [col(r, 'event_id'), r]));
    // Superseded (3, 7, 28, 29) and retracted (12) events and the tombstone (13) are not in the latest state.
    for (const n of [3, 7, 12, 13, 28, 29]) expect(byId.has(eventId(n))).toBe(false);
    expect(rows).toHaveLength(35 - 6);
    const span = byId.get(eventId(2)) ?? [];
    expect(col(span, 'labelled_text')).toBe('weight gain');
    expect(col(span, 'target')).toBe('span:129-140');
    const citation = byId.get(eventId(6)) ?? [];
    expect(col(citation, 'labelled_text')).toBe(
      'Most adults need seven or more hours of sleep each night to stay healthy.',
    );
    expect(col(citation, 'source_url')).toBe('https://www.cdc.gov/sleep/about/index.html');
    expect(col(byId.get(eventId(19)) ?? [], 'labelled_text')).toBe('last frost date zone 6');
    expect(col(byId.get(eventId(5)) ?? [], 'source_title')).toBe("'=How Much Sleep Do You Need?");
    const comment = col(byId.get(eventId(11)) ?? [], 'text');
    expect(comment).toBe('\'=HYPERLINK("http://evil.example"), then "quotes"\nand a second line');
    expect(col(byId.get(eventId(1)) ?? [], 'score')).toBe('-1');
  });

  it('web-annotation: one JSON-LD AnnotationCollection with W3C selectors and motivations', () => {
    const doc = JSON.parse(output('web-annotation')) as {
      '@context': unknown[];
      type: string;
      first: { type: string; items: Record<string, unknown>[] };
    };
    expect(doc['@context'][0]).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.first.type).toBe('AnnotationPage');
    const items = doc.first.items;
    for (const a of items) {
      expect(a.type).toBe('Annotation');
      expect(['assessing', 'editing', 'commenting']).toContain(a.motivation);
    }
    const span = items.find((a) => a.id === `urn:uuid:${eventId(2)}`) as {
      target: { source: string; scope: string; selector: unknown[] };
    };
    // Positions count in the captured answer: the answer is the source, the page its scope.
    expect(span.target).toMatchObject({ source: `urn:uuid:${traceId(1)}`, scope: TRACES[0]?.pageUrl });
    expect(span.target.selector).toEqual([
      expect.objectContaining({ type: 'TextQuoteSelector', exact: 'weight gain' }),
      { type: 'TextPositionSelector', start: 129, end: 140 },
    ]);
    expect(items.find((a) => a.id === `urn:uuid:${eventId(10)}`)?.motivation).toBe('editing');
    expect(items.find((a) => a.id === `urn:uuid:${eventId(33)}`)?.motivation).toBe('commenting');
    // Passive signals are not annotations.
    expect(items.some((a) => a.id === `urn:uuid:${eventId(9)}`)).toBe(false);
  });

  it('dpo: TRL standard rows {prompt, chosen, rejected}, all strings; a refinement judged better adds its provenance', () => {
    const rows = jsonLines(output('dpo')) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(
        r.provenance ? ['chosen', 'prompt', 'provenance', 'rejected'] : ['chosen', 'prompt', 'rejected'],
      );
      for (const k of ['prompt', 'chosen', 'rejected']) expect(typeof r[k]).toBe('string');
    }
    expect(rows[0]?.rejected).toBe(TRACES[0]?.answer.text);
    // Trace 5 is the tomato question searched again (event 34) and judged better (event 35): it is chosen over
    // trace 2, with trace 2's question and sources as the prompt.
    const [, original, , , refined] = TRACES;
    expect(rows[1]?.prompt).toContain(`Question: ${original?.query}`);
    expect(rows[1]?.prompt).toContain(original?.sources[0]?.url);
    expect(rows[1]).toMatchObject({ chosen: refined?.answer.text, rejected: original?.answer.text });
    expect(rows[1]?.provenance).toEqual({
      source: 'refinement',
      original_trace_id: traceId(2),
      refined_trace_id: traceId(5),
      refinement_id: eventId(34),
      comparison_id: eventId(35),
      verdict: 'better',
      refined_query: refined?.query,
      engine: 'perplexity',
    });
  });

  it('kto: TRL standard rows {prompt, completion, label} with a boolean label', () => {
    const rows = jsonLines(output('kto')) as Record<string, unknown>[];
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(['completion', 'label', 'prompt']);
      expect(typeof r.prompt).toBe('string');
      expect(typeof r.completion).toBe('string');
      expect(typeof r.label).toBe('boolean');
    }
    // Trace 1 thumbs down, then its correction as a positive; trace 2 answer thumbs up; trace 3's chain
    // up → down → up ends up.
    expect(rows.map((r) => r.label)).toEqual([false, true, true, true]);
  });

  it('fg-rlhf: a JSON array of qa-feedback records with word-aligned error spans', () => {
    const records = JSON.parse(output('fg-rlhf')) as {
      question: string;
      'prediction 1': string;
      feedback: { errors: { 'error type': string; start: number; end: number }[]; 'missing-info': unknown[] };
    }[];
    expect(records).toHaveLength(2);
    for (const r of records) {
      const text = r['prediction 1'];
      for (const e of r.feedback.errors) {
        expect(text[e.start]?.trim()).not.toBe('');
        expect(e.start === 0 || text[e.start - 1]?.trim() === '').toBe(true);
        expect(e.end === text.length || text[e.end]?.trim() === '').toBe(true);
      }
    }
    expect(records[0]?.feedback.errors).toEqual([
      { 'error type': 'Unverifiable', explanation: '', start: 129, end: 141 },
    ]);
    expect(records[1]?.feedback.errors[0]?.['error type']).toBe('Redundant');
  });

  it('decomposition-pairs: edits applied in order, missing aspects added', () => {
    const rows = jsonLines(output('decomposition-pairs')) as Record<string, unknown>[];
    expect(rows).toContainEqual({
      trace_id: traceId(2),
      query: 'best time to plant tomatoes in zone 6',
      subqueries_original: ['last frost date zone 6', 'tomato planting temperature', 'zone 6 gardening calendar'],
      subqueries_edited: [
        'minimum soil temperature for tomatoes',
        'last frost date zone 6',
        'hardening off tomato seedlings',
        'frost protection for early plantings',
      ],
    });
    // The refinement of trace 2: its query and the refined one, with the feedback that made it.
    expect(rows).toContainEqual({
      trace_id: traceId(2),
      query: 'best time to plant tomatoes in zone 6',
      refined_query: TRACES[4]?.query,
      provenance: {
        source: 'refinement',
        refinement_id: eventId(34),
        engine: 'perplexity',
        feedback_event_ids: [eventId(14), eventId(16), eventId(18), eventId(20)],
      },
    });
    expect(rows).toHaveLength(2);
  });

  it('hypothesis: a refinement and its comparison are no notes on a page', () => {
    const { annotations: rows } = JSON.parse(output('hypothesis')) as {
      annotations: { created: string; text: string }[];
    };
    const created = new Set(rows.map((r) => r.created));
    expect(created.has('2026-11-26T20:13:00.000Z')).toBe(false);
    expect(created.has('2026-11-26T20:14:00.000Z')).toBe(false);
    for (const r of rows) expect(r.text).not.toMatch(/^[A-Za-z ]+: \n/);
  });
});
