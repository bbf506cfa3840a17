import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { CSV_COLUMNS } from '../../../storage/exports/formats/csv';
import { jsonlFormat } from '../../../storage/exports/formats/jsonl';
import { createRedactor } from '../../../storage/exports/redaction';
import { exportFormat, formatDescriptors } from '../../../storage/exports/registry';
import { exportFrom, runExport } from '../../../storage/exports/run-export';
import { type ExportSink, stringSink } from '../../../storage/exports/sink';
import { dexieSource, type ExportSource } from '../../../storage/exports/source';
import type { FeedbackEvent } from '../../../storage/schema';
import { uuidv7 } from '../../../utils/uuidv7';
import { EXPORTED_AT, eventId, fillDataset, TRACES, traceId } from './dataset';
import { parseCsv } from './parse';

let db: StagebackDB;
beforeEach(async () => {
  db = new StagebackDB(`export-${uuidv7()}`);
  await db.open();
  await fillDataset(db);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function csvRows(options: Parameters<typeof runExport>[2] extends infer O ? Omit<O & object, 'sink'> : never) {
  const sink = stringSink();
  await runExport(db, 'csv', { ...options, sink, exportedAt: EXPORTED_AT });
  const [, ...rows] = parseCsv(sink.text());
  return rows.map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i] ?? ''])));
}

describe('export driver', () => {
  it('lists every format once with a descriptor', () => {
    const ids = formatDescriptors().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'jsonl',
      'csv',
      'web-annotation',
      'hypothesis',
      'trec',
      'dpo',
      'kto',
      'fg-rlhf',
      'decomposition-pairs',
      'rag-eval',
      'citations',
      'hf-dataset',
    ]);
  });

  it('reads the same histories with tiny pages (keyset pagination, ties on [traceId+createdAt])', async () => {
    const collect = async (source: ExportSource) => {
      const out: string[] = [];
      for await (const h of source.histories()) out.push(`${h.trace.id}:${h.events.map((e) => e.id).join(',')}`);
      return out;
    };
    const big = await collect(dexieSource(db));
    expect(big).toHaveLength(TRACES.length);
    for (const events of [1, 2, 3]) expect(await collect(dexieSource(db, { events, traces: 1 }))).toEqual(big);
  });

  it('writes an unfiltered log in key order: every trace by id, then every event by id', async () => {
    const sink = stringSink();
    const result = await runExport(db, 'jsonl', { sink, exportedAt: EXPORTED_AT });
    const records = sink
      .text()
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as { type: string; trace?: { id: string }; event?: { id: string } });
    const stored = { traces: await db.traces.toArray(), events: await db.events.toArray() };
    const traceIds = records.filter((r) => r.type === 'trace').map((r) => r.trace?.id);
    const eventIds = records.filter((r) => r.type === 'event').map((r) => r.event?.id);
    expect(records.map((r) => r.type)).toEqual([
      ...stored.traces.map(() => 'trace'),
      ...stored.events.map(() => 'event'),
    ]);
    expect(traceIds).toEqual(stored.traces.map((t) => t.id).sort());
    expect(eventIds).toEqual(stored.events.map((e) => e.id).sort());
    expect(result).toMatchObject({ traces: stored.traces.length, events: stored.events.length });
  });

  it('reads the same rows in key order with tiny pages', async () => {
    const collect = async (source: ExportSource) => {
      const out: string[] = [];
      for await (const page of source.rows?.() ?? []) {
        for (const row of page.traces ?? page.events) out.push(row.id);
      }
      return out;
    };
    const big = await collect(dexieSource(db));
    expect(big).toHaveLength(TRACES.length + (await db.events.count()));
    for (const size of [1, 2, 3]) expect(await collect(dexieSource(db, { events: size, traces: size }))).toEqual(big);
  });

  it('leaves out of a key-order log the events of an answer stored after the traces were read', async () => {
    const [first, second] = TRACES;
    if (!first || !second) throw new Error('dataset');
    const events = (await db.events.toArray()).filter((e) => e.traceId === first.id || e.traceId === second.id);
    const source: ExportSource = {
      countEvents: async () => events.length,
      histories: () => {
        throw new Error('read by history');
      },
      async *rows() {
        yield { traces: [first] };
        yield { events };
      },
    };
    const sink = stringSink();
    const result = await exportFrom(source, jsonlFormat, { sink, exportedAt: EXPORTED_AT });
    expect(sink.text()).not.toContain(second.id);
    expect(result.events).toBe(events.filter((e) => e.traceId === first.id).length);
    expect(result.events).toBeGreaterThan(0);
  });

  it('filters by stage, origin, site, label, date range and text', async () => {
    expect(new Set((await csvRows({ filter: { stages: ['retrieval'] } })).map((r) => r.stage))).toEqual(
      new Set(['retrieval']),
    );
    expect((await csvRows({ filter: { origins: ['implicit'] } })).map((r) => r.event_id)).toEqual([
      eventId(9),
      eventId(25),
    ]);
    expect(new Set((await csvRows({ filter: { siteIds: ['copilot'] } })).map((r) => r.trace_id))).toEqual(
      new Set([traceId(3)]),
    );
    expect((await csvRows({ filter: { labels: ['missing_aspect'] } })).map((r) => r.event_id)).toEqual([eventId(18)]);
    const window = await csvRows({
      filter: { createdFrom: '2026-11-26T20:12:00.000Z', createdTo: '2026-11-26T20:12:30.000Z' },
    });
    expect(window.map((r) => r.event_id)).toEqual([eventId(20), eventId(21), eventId(22), eventId(23)]);
    const text = await csvRows({ filter: { text: '2024 REVIEW' } });
    expect(text.map((r) => r.event_id)).toEqual([eventId(33)]);
    expect(new Set((await csvRows({ filter: { text: 'coffee' } })).map((r) => r.trace_id))).toEqual(
      new Set([traceId(3)]),
    );
  });

  it('resolves the latest state on the whole history before filtering', async () => {
    // Event 29 (thumbs down) matches the window but was superseded by 30: it must not come back.
    const rows = await csvRows({
      filter: { createdFrom: '2026-11-26T20:21:15.000Z', createdTo: '2026-11-26T20:21:25.000Z' },
    });
    expect(rows).toEqual([]);
  });

  it('keeps unlabelled traces in an unfiltered log, and only matching events in a filtered one', async () => {
    const all = stringSink();
    await runExport(db, 'jsonl', { sink: all, exportedAt: EXPORTED_AT });
    expect(all.text()).toContain(traceId(4));
    const filtered = stringSink();
    await runExport(db, 'jsonl', { sink: filtered, exportedAt: EXPORTED_AT, filter: { stages: ['decomposition'] } });
    const lines = filtered
      .text()
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines.filter((l) => l.type === 'trace')).toHaveLength(2);
    expect(lines.filter((l) => l.type === 'event')).toHaveLength(7);
  });

  it('applies the redaction hook to free text, keeping offsets valid', async () => {
    const sink = stringSink();
    await runExport(db, 'web-annotation', {
      sink,
      exportedAt: EXPORTED_AT,
      redact: createRedactor({ words: ['weight gain', 'coffee'] }),
    });
    const text = sink.text();
    expect(text).not.toMatch(/weight gain|coffee health/i);
    expect(text).toContain('"exact":"███████████"');
    expect(text).toContain('"start":129,"end":140');
    expect(text).toContain('q=is+%E2%96%88%E2%96%88%E2%96%88%E2%96%88%E2%96%88%E2%96%88+bad+for+you');
  });

  it('reports progress and stops early when cancelled', async () => {
    const N = 20_000;
    const trace = TRACES[0];
    if (!trace) throw new Error('no trace');
    const event = (i: number): FeedbackEvent => ({
      id: uuidv7(),
      schemaVersion: 1,
      traceId: `${i}`,
      createdAt: EXPORTED_AT,
      stage: 'overall',
      target: { type: 'stage' },
      kind: 'rating',
      value: { scale: 'thumbs', score: 1 },
      origin: 'user',
    });
    const source: ExportSource = {
      countEvents: async () => N,
      async *histories() {
        for (let i = 0; i < N; i++) yield { trace: { ...trace, id: `${i}` }, events: [event(i)] };
      },
    };
    const controller = new AbortController();
    const progress: number[] = [];
    let aborted = false;
    let closed = false;
    const sink: ExportSink = {
      write: () => {},
      close: () => {
        closed = true;
      },
      abort: () => {
        aborted = true;
      },
    };
    const result = await exportFrom(source, jsonlFormat, {
      sink,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        expect(p.total).toBe(N);
        controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(result.events).toBeLessThan(N);
    expect(progress).toEqual([5_000]);
    expect(aborted).toBe(true);
    expect(closed).toBe(false);
  });

  it('refuses an unknown format', async () => {
    expect(exportFormat('nope')).toBeUndefined();
    await expect(runExport(db, 'nope', { sink: stringSink() })).rejects.toThrow(/unknown export format/);
  });
});
