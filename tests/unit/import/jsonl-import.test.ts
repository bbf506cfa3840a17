import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import { applyImport, previewImport } from '../../../storage/import/jsonl-import';
import type { Trace } from '../../../storage/schema';
import { contentHash, upsertTrace } from '../../../storage/trace-store';
import { uuidv7 } from '../../../utils/uuidv7';
import { EVENTS, EXPORTED_AT, eventId, fillDataset, TRACES, traceId } from '../exports/dataset';

const opened: StagebackDB[] = [];
async function freshDb(configure?: (db: StagebackDB) => void): Promise<StagebackDB> {
  const db = new StagebackDB(`import-${uuidv7()}`);
  configure?.(db);
  await db.open();
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function snapshot(db: StagebackDB) {
  return {
    traces: await db.traces.orderBy(':id').toArray(),
    events: await db.events.orderBy(':id').toArray(),
    aggregates: await db.aggregates.orderBy(':id').toArray(),
  };
}

let log: string;
let source: StagebackDB;
beforeEach(async () => {
  source = await freshDb();
  await fillDataset(source);
  const sink = stringSink();
  await runExport(source, 'jsonl', { sink, exportedAt: EXPORTED_AT });
  log = sink.text();
});

const streamOf = (text: string, chunk = 7) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += chunk) controller.enqueue(bytes.slice(i, i + chunk));
      controller.close();
    },
  });

describe('JSONL import', () => {
  it('round-trips: export → import into an empty store gives the same records and counters', async () => {
    const target = await freshDb();
    const preview = await previewImport(target, streamOf(log));
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.traces).toEqual({ add: TRACES.length, skip: 0 });
    expect(preview.events).toEqual({ add: EVENTS.length, skip: 0 });
    await applyImport(target, preview.parsed);
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });

  it('skips what is already stored, by id, and adds the rest', async () => {
    const target = await freshDb();
    const partial = log
      .split('\n')
      .filter((l) => !l.includes(`"id":"${eventId(33)}"`) && !l.includes(`"id":"${traceId(4)}"`))
      .join('\n');
    const first = await previewImport(target, partial);
    if (!first.ok) throw new Error(first.error.message);
    await applyImport(target, first.parsed);

    const again = await previewImport(target, log);
    if (!again.ok) throw new Error(again.error.message);
    expect(again.traces).toEqual({ add: 1, skip: TRACES.length - 1 });
    expect(again.events).toEqual({ add: 1, skip: EVENTS.length - 1 });
    expect(await applyImport(target, again.parsed)).toEqual({ traces: again.traces, events: again.events });
    expect(await snapshot(target)).toEqual(await snapshot(source));

    // A third time adds nothing and changes nothing.
    const third = await previewImport(target, log);
    if (!third.ok) throw new Error(third.error.message);
    expect(third.events.add + third.traces.add).toBe(0);
  });

  it('names the first bad lines of a corrupt log and changes nothing', async () => {
    const lines = log.split('\n');
    lines[3] = '{"type":"event","event":{"id":"broken"'; // cut off mid-line
    const supports = lines.findIndex((l) => l.includes('"label":"supports"'));
    expect(supports).toBeGreaterThan(8);
    lines[supports] = (lines[supports] ?? '').replace('"label":"supports"', '"label":"outdated"'); // another stage's
    lines[8] = '{"type":"comment","text":"hello"}';
    const target = await freshDb();
    const preview = await previewImport(target, lines.join('\n'));
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.error.kind).toBe('invalid');
    expect(preview.error.badLines).toBe(3);
    expect(preview.error.issues.map((i) => i.line)).toEqual([4, 9, supports + 1]);
    expect(preview.error.issues[0]?.message).toMatch(/not JSON/);
    expect(preview.error.issues[1]?.message).toMatch(/unknown record type "comment"/);
    expect(preview.error.issues[2]?.message).toMatch(
      /event\.value\.label: label "outdated" does not belong to stage "answer"/,
    );
    expect(await target.traces.count()).toBe(0);
    expect(await target.events.count()).toBe(0);
  });

  it('lists at most 10 bad lines', async () => {
    const lines = log.split('\n').map((l, i) => (i > 0 && l ? l.replace('"schemaVersion":1', '"schemaVersion":2') : l));
    const preview = await previewImport(await freshDb(), lines.join('\n'));
    if (preview.ok) throw new Error('expected an error');
    expect(preview.error.issues).toHaveLength(10);
    expect(preview.error.badLines).toBe(TRACES.length + EVENTS.length);
  });

  it('rejects a foreign file with a clear error: CSV, random JSON, a JSON array, an empty file', async () => {
    const target = await freshDb();
    const csv = 'event_id,created_at,trace_id\r\n1,2,3\r\n';
    for (const text of [csv, '{"hello":"world"}\n{"type":"event"}', '[\n{"question":"q"}\n]', '', '\n\n']) {
      const preview = await previewImport(target, text);
      expect(preview.ok).toBe(false);
      if (preview.ok) continue;
      expect(preview.error.kind).toBe('foreign');
      expect(preview.error.message).toMatch(/not a Stageback log|empty/);
    }
    const newer = await previewImport(target, '{"format":"stageback-log","schemaVersion":2,"exportedAt":"x"}\n');
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.error.message).toMatch(/schemaVersion 2/);
    expect(await target.traces.count()).toBe(0);
  });

  it('refuses events whose trace is neither in the file nor stored', async () => {
    const withoutTrace1 = log
      .split('\n')
      .filter((l) => !l.startsWith(`{"type":"trace","trace":{"id":"${traceId(1)}"`))
      .join('\n');
    const preview = await previewImport(await freshDb(), withoutTrace1);
    if (preview.ok) throw new Error('expected an error');
    expect(preview.error.badLines).toBe(13);
    expect(preview.error.issues[0]).toMatchObject({
      // The log lists every trace, then every event: trace 1's first event follows the other traces.
      line: TRACES.length + 1,
      message: `event's trace ${traceId(1)} is neither in the file nor stored`,
    });
  });

  it('attaches the events of an answer stored under another id (same content) to the stored trace', async () => {
    const target = await freshDb();
    const [first] = TRACES;
    if (!first) throw new Error('no trace');
    const otherId = '0193a000-0001-7000-8000-0000000000ff';
    await target.traces.add({ ...first, id: otherId, firstFeedbackAt: undefined });
    const preview = await previewImport(target, log);
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.traces).toEqual({ add: TRACES.length - 1, skip: 1 });
    await applyImport(target, preview.parsed);
    expect(
      await target.events
        .where('[traceId+createdAt]')
        .between([otherId, Dexie.minKey], [otherId, Dexie.maxKey])
        .count(),
    ).toBe(13);
    expect((await target.traces.get(otherId))?.firstFeedbackAt).toBe('2026-11-26T20:01:00.000Z');
  });

  it('rolls everything back when a write fails inside the transaction', async () => {
    // Middleware must be in place before the database opens.
    const target = await freshDb((db) =>
      db.use({
        stack: 'dbcore',
        name: 'fail-aggregates',
        create: (down) => ({
          ...down,
          table: (name) => {
            const table = down.table(name);
            return name !== 'aggregates' ? table : { ...table, mutate: () => Promise.reject(new Error('disk full')) };
          },
        }),
      }),
    );
    const preview = await previewImport(target, log);
    if (!preview.ok) throw new Error(preview.error.message);
    await expect(applyImport(target, preview.parsed)).rejects.toThrow(/disk full/);
    expect(await target.traces.count()).toBe(0);
    expect(await target.events.count()).toBe(0);
  });

  it('refuses a trace whose contentHash is not the hash of its content, naming the line, and stores nothing', async () => {
    // The attack: a trace claiming the hash of a real answer, with other text, would receive the user's next
    // rating on that answer (capture finds a stored trace by hash).
    const target = await freshDb();
    const lines = log.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`{"type":"trace","trace":{"id":"${traceId(1)}"`));
    lines[at] = (lines[at] ?? '').replace(
      '"query":"how much sleep do adults need"',
      '"query":"wire money to this account"',
    );
    const preview = await previewImport(target, lines.join('\n'));
    if (preview.ok) throw new Error('expected an error');
    expect(preview.error.kind).toBe('invalid');
    expect(preview.error.issues).toMatchObject([
      {
        line: at + 1,
        message: expect.stringMatching(/^trace\.contentHash: does not match the trace's site, query and answer text/),
      },
    ]);
    expect(await target.traces.count()).toBe(0);

    // The real answer captured later gets a trace of its own.
    const [first] = TRACES;
    if (!first) throw new Error('no trace');
    const { contentHash: _, firstFeedbackAt: __, ...draft } = first;
    expect(await upsertTrace(target, { ...draft, id: uuidv7() })).toMatchObject({ created: true });
  });

  it('imports logs from before reading health (no readPaths) and keeps how later traces were read', async () => {
    const target = await freshDb();
    const lines = log.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`{"type":"trace","trace":{"id":"${traceId(1)}"`));
    const record = JSON.parse(lines[at] ?? '') as { trace: Trace };
    expect(record.trace.readPaths).toBeUndefined(); // the dataset's traces are old ones
    record.trace.readPaths = { answer: 'exact', query: 'exact', sources: 'structural' };
    lines[at] = JSON.stringify(record);
    const preview = await previewImport(target, lines.join('\n'));
    if (!preview.ok) throw new Error(preview.error.message);
    await applyImport(target, preview.parsed);
    expect((await target.traces.get(traceId(1)))?.readPaths).toEqual(record.trace.readPaths);
    expect(await target.traces.count()).toBe(TRACES.length);

    lines[at] = JSON.stringify({ ...record, trace: { ...record.trace, readPaths: { answer: 'guessed' } } });
    const bad = await previewImport(await freshDb(), lines.join('\n'));
    expect(bad.ok).toBe(false);
  });

  it('reports an event id repeated in the file with other content as a conflict, not as already stored', async () => {
    const lines = log.split('\n').filter(Boolean);
    const comment = lines.findIndex((l) => l.includes('"value":"Good, but cite the 2024 review."'));
    const altered = (lines[comment] ?? '').replace('cite the 2024 review', 'cite nothing');
    const preview = await previewImport(await freshDb(), [...lines, altered].join('\n'));
    if (preview.ok) throw new Error('expected a conflict');
    expect(preview.error.kind).toBe('conflict');
    expect(preview.error.message).toMatch(/1 line of this Stageback log conflicts with an earlier line/);
    expect(preview.error.issues).toMatchObject([
      {
        line: lines.length + 1,
        message: `event ${eventId(0x21)} is also on line ${comment + 1}, with other content`,
      },
    ]);
  });

  it('reports a trace id repeated in the file with a different query as a conflict', async () => {
    const lines = log.split('\n').filter(Boolean);
    const at = lines.findIndex((l) => l.startsWith(`{"type":"trace","trace":{"id":"${traceId(1)}"`));
    const record = JSON.parse(lines[at] ?? '') as { trace: Trace };
    const other = { ...record.trace, query: 'how much sleep do teenagers need' };
    other.contentHash = await contentHash(other); // a valid trace on its own: only the repeated id is wrong
    const preview = await previewImport(
      await freshDb(),
      [...lines, JSON.stringify({ type: 'trace', trace: other })].join('\n'),
    );
    if (preview.ok) throw new Error('expected a conflict');
    expect(preview.error.kind).toBe('conflict');
    expect(preview.error.issues).toMatchObject([
      {
        line: lines.length + 1,
        message: `trace ${traceId(1)} is also on line ${at + 1}, with another query ("how much sleep do teenagers need", there "how much sleep do adults need")`,
      },
    ]);
  });

  it('counts a line repeated word for word once, and says so, instead of calling it already stored', async () => {
    const lines = log.split('\n').filter(Boolean);
    const trace = lines.findIndex((l) => l.startsWith(`{"type":"trace","trace":{"id":"${traceId(2)}"`));
    const event = lines.findIndex((l) => l.includes(`"id":"${eventId(5)}"`));
    const preview = await previewImport(
      await freshDb(),
      [...lines, lines[trace], lines[event], lines[event]].join('\n'),
    );
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.traces).toEqual({ add: TRACES.length, skip: 0 });
    expect(preview.events).toEqual({ add: EVENTS.length, skip: 0 });
    expect(preview.parsed.repeats).toEqual([
      { line: lines.length + 1, of: trace + 1 },
      { line: lines.length + 2, of: event + 1 },
      { line: lines.length + 3, of: event + 1 },
    ]);
  });

  it('says "grade must be 0–3" for a relevance grade out of range', async () => {
    const lines = log.split('\n');
    const at = lines.findIndex((l) => l.includes('"kind":"relevance","value":2'));
    lines[at] = (lines[at] ?? '').replace('"kind":"relevance","value":2', '"kind":"relevance","value":7');
    const preview = await previewImport(await freshDb(), lines.join('\n'));
    if (preview.ok) throw new Error('expected an error');
    expect(preview.error.issues).toMatchObject([{ line: at + 1, message: 'event.value: grade must be 0–3' }]);
  });

  it('refuses a line longer than 8 MiB with its number, before reading the rest of the file', async () => {
    const lines = log.split('\n').filter(Boolean);
    const huge = `{"type":"event","event":{"id":"${'x'.repeat(9 * 1024 * 1024)}"}}`;
    const preview = await previewImport(
      await freshDb(),
      streamOf([lines[0], huge, ...lines.slice(1)].join('\n'), 1 << 16),
    );
    if (preview.ok) throw new Error('expected an error');
    expect(preview.error.kind).toBe('invalid');
    expect(preview.error.message).toMatch(/^Line 2 of this file is longer than 8 MiB/);
    expect(preview.error.issues).toMatchObject([
      { line: 2, message: 'is longer than 8 MiB (8,388,608 characters), more than any Stageback record' },
    ]);
  });
});
