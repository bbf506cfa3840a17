import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import type { FormatOptionValues } from '../../../storage/exports/format';
import { CSV_COLUMNS, UTF8_BOM } from '../../../storage/exports/formats/csv';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import { uuidv7 } from '../../../utils/uuidv7';
import { EXPORTED_AT, eventId, fillDataset, TRACES, traceId } from './dataset';
import { jsonLines, parseCsv } from './parse';

let db: StagebackDB;
beforeAll(async () => {
  db = new StagebackDB(`research-${uuidv7()}`);
  await db.open();
  await fillDataset(db);
});
afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function exported(formatId: string, formatOptions?: FormatOptionValues): Promise<string> {
  const sink = stringSink();
  await runExport(db, formatId, { sink, exportedAt: EXPORTED_AT, formatOptions });
  return sink.text();
}
const rowsOf = async (formatId: string, options?: FormatOptionValues) =>
  jsonLines(await exported(formatId, options)) as Record<string, unknown>[];

const SLEEP = TRACES[0];
const CORRECTED =
  'Adults need seven or more hours of sleep a night. Regularly sleeping less is linked to heart disease and depression.';

describe('dpo and kto: the sources in the prompt, TRL standard or conversational', () => {
  it('the DPO prompt holds each source the answer was written from (title, URL, snippet) in site order, then the question', async () => {
    const [row] = await rowsOf('dpo');
    const prompt = String(row?.prompt);
    const cdc = prompt.indexOf('[1] About Sleep - CDC\nhttps://www.cdc.gov/sleep/about/index.html\nAdults need 7');
    const foundation = prompt.indexOf('[2] =How Much Sleep Do You Need?\nhttps://www.sleepfoundation.org/');
    expect(cdc).toBeGreaterThan(0);
    expect(foundation).toBeGreaterThan(cdc);
    expect(prompt.endsWith('Question: how much sleep do adults need')).toBe(true);
    expect(row?.chosen).toBe(CORRECTED);
    expect(row?.rejected).toBe(SLEEP?.answer.text);
  });

  it('without sources the prompt is the bare question', async () => {
    const [row] = await rowsOf('dpo', { sources: false });
    expect(row?.prompt).toBe('how much sleep do adults need');
  });

  it('conversational DPO: prompt a user message, chosen and rejected assistant messages, as TRL documents', async () => {
    const [row] = await rowsOf('dpo', { conversational: true });
    expect(Object.keys(row ?? {})).toEqual(['prompt', 'chosen', 'rejected']);
    const prompt = row?.prompt as { role: string; content: string }[];
    expect(prompt).toHaveLength(1);
    expect(prompt[0]?.role).toBe('user');
    expect(Object.keys(prompt[0] ?? {})).toEqual(['role', 'content']);
    expect(prompt[0]?.content).toContain('https://www.cdc.gov/sleep/about/index.html');
    expect(row?.chosen).toEqual([{ role: 'assistant', content: CORRECTED }]);
    expect(row?.rejected).toEqual([{ role: 'assistant', content: SLEEP?.answer.text }]);
  });

  it('a corrected answer is a KTO positive for the same prompt as the site answer it replaces', async () => {
    const rows = await rowsOf('kto');
    const sleep = rows.filter((r) => String(r.prompt).endsWith('Question: how much sleep do adults need'));
    expect(sleep.map((r) => [r.completion, r.label])).toEqual([
      [SLEEP?.answer.text, false],
      [CORRECTED, true],
    ]);
  });

  it('conversational KTO: {prompt: [user], completion: [assistant], label: bool}', async () => {
    const rows = await rowsOf('kto', { conversational: true, sources: false });
    expect(rows[1]).toEqual({
      prompt: [{ role: 'user', content: 'how much sleep do adults need' }],
      completion: [{ role: 'assistant', content: CORRECTED }],
      label: true,
    });
  });
});

describe('fg-rlhf: passages carry what the page showed', () => {
  it('a passage is the title followed by the sentences of its snippet; a source without one keeps its title', async () => {
    const records = JSON.parse(await exported('fg-rlhf')) as { id: string; passages: string[][] }[];
    expect(records[0]?.passages).toEqual([
      [
        'About Sleep - CDC',
        'Adults need 7 or more hours of sleep per night.',
        'Not getting enough sleep is linked with many chronic diseases.',
      ],
      ['=How Much Sleep Do You Need?'],
    ]);
    expect(records[1]?.passages[1]).toEqual([
      'Frost Dates Calculator',
      'The average last spring frost in zone 6 falls between May 1 and May 15.',
    ]);
  });
});

describe('csv options', () => {
  const col = (row: string[] | undefined, name: (typeof CSV_COLUMNS)[number]) => row?.[CSV_COLUMNS.indexOf(name)];
  const commentRow = (text: string) => parseCsv(text).find((r) => r[0] === eventId(11));

  it('by default a leading = gets an apostrophe and there is no byte-order mark', async () => {
    const text = await exported('csv');
    expect(text.startsWith('event_id,')).toBe(true);
    expect(col(commentRow(text), 'text')?.startsWith("'=HYPERLINK(")).toBe(true);
  });

  it('without the formula guard the text keeps its leading = (and its title its =)', async () => {
    const text = await exported('csv', { formulaGuard: false });
    expect(col(commentRow(text), 'text')).toBe('=HYPERLINK("http://evil.example"), then "quotes"\nand a second line');
    const titled = parseCsv(text).find((r) => r[0] === eventId(5));
    expect(col(titled, 'source_title')).toBe('=How Much Sleep Do You Need?');
  });

  it('the UTF-8 byte-order mark starts the file only when asked for, once', async () => {
    const text = await exported('csv', { bom: true });
    expect(text.startsWith(`${UTF8_BOM}event_id,`)).toBe(true);
    expect(text.indexOf(UTF8_BOM, 1)).toBe(-1);
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});

describe('rag-eval: RAGAS / ARES rows', () => {
  it('contexts are the answer’s sources in site order, each with the user’s grade (null when ungraded)', async () => {
    const rows = await rowsOf('rag-eval');
    const tomato = rows.find((r) => r.trace_id === traceId(2));
    expect(tomato?.context_urls).toEqual(TRACES[1]?.sources.map((s) => s.url));
    expect(tomato?.contexts).toEqual([
      'Growing tomatoes in home gardens',
      'Frost Dates Calculator\nThe average last spring frost in zone 6 falls between May 1 and May 15.',
      'Tomato soil temperature',
    ]);
    // b0 graded 0, b1 graded 3, b2 never graded.
    expect(tomato?.context_relevance).toEqual([0, 3, null]);
    expect(tomato?.ground_truth).toBeNull();
  });

  it('the ground truth is the corrected answer, the grades the latest ones (2 then 3 for the CDC page)', async () => {
    const sleep = (await rowsOf('rag-eval')).find((r) => r.trace_id === traceId(1));
    expect(sleep?.question).toBe('how much sleep do adults need');
    expect(sleep?.answer).toBe(SLEEP?.answer.text);
    expect(sleep?.ground_truth).toBe(CORRECTED);
    expect(sleep?.context_relevance).toEqual([3, 1]);
  });
});

describe('citations: ALCE-style rows', () => {
  it('pairs the graded sentence with the source it cites and the support grade', async () => {
    const rows = await rowsOf('citations');
    expect(rows).toEqual([
      {
        trace_id: traceId(1),
        site_id: 'google-ai-overview',
        question: 'how much sleep do adults need',
        sentence_id: '5001',
        sentence: 'Most adults need seven or more hours of sleep each night to stay healthy.',
        source_url: 'https://www.cdc.gov/sleep/about/index.html',
        source_title: 'About Sleep - CDC',
        source_text:
          'About Sleep - CDC\nAdults need 7 or more hours of sleep per night. Not getting enough sleep is linked with many chronic diseases.',
        support: 'supports',
        support_grade: 2,
      },
    ]);
  });
});
