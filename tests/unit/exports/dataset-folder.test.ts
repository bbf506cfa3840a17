import Dexie from 'dexie';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { exportDatasetFolder } from '../../../storage/exports/dataset-folder';
import type { FormatOptionValues } from '../../../storage/exports/format';
import { runExport } from '../../../storage/exports/run-export';
import { uuidv7 } from '../../../utils/uuidv7';
import { EXPORTED_AT, fillDataset } from './dataset';
import { jsonLines } from './parse';

let db: StagebackDB;
beforeAll(async () => {
  db = new StagebackDB(`folder-${uuidv7()}`);
  await db.open();
  await fillDataset(db);
});
afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** The zip's files as text, and the export's result. */
async function datasetZip(formatOptions: FormatOptionValues = {}, signal?: AbortSignal) {
  const chunks: Uint8Array[] = [];
  let aborted = false;
  const result = await exportDatasetFolder((id, o) => runExport(db, id, o), {
    sink: {
      write: (c) => void chunks.push(c),
      close: () => {},
      abort: () => {
        aborted = true;
      },
    },
    formatOptions,
    exportedAt: EXPORTED_AT,
    signal,
  });
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  const files = result.status === 'done' ? unzipSync(bytes) : {};
  const text = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
  return { result, bytes, text, aborted };
}

describe('hf-dataset: a Hugging Face dataset folder as a zip', () => {
  it('holds one JSON Lines file per config with rows, and a card whose configs, features and counts match them', async () => {
    const { result, text } = await datasetZip();
    expect(Object.keys(text).sort()).toEqual([
      'README.md',
      'citations/train.jsonl',
      'decomposition/train.jsonl',
      'dpo/train.jsonl',
      'kto/train.jsonl',
      'rag_eval/train.jsonl',
    ]);
    expect(result.rows).toEqual({ dpo: 2, kto: 4, rag_eval: 4, citations: 1, decomposition: 2 });
    const card = text['README.md'] ?? '';
    expect(card.startsWith('---\n')).toBe(true);
    const front = card.slice(4, card.indexOf('\n---\n'));
    expect(front).toContain('license: other');
    expect(front).toContain('- config_name: rag_eval\n  data_files:\n  - split: train\n    path: rag_eval/train.jsonl');
    expect(front).toContain('  splits:\n  - name: train\n');
    expect(front).toMatch(/- config_name: kto\n {2}features:\n {2}- name: prompt\n {4}dtype: string\n/);
    expect(front).toContain(`exported_at: "${EXPORTED_AT}"`);
    // Each data file is the same as the format's own export.
    const kto = jsonLines(text['kto/train.jsonl'] ?? '') as Record<string, unknown>[];
    expect(kto.map((r) => r.label)).toEqual([false, true, true, true]);
  });

  it('passes the DPO/KTO options on, and the card declares messages as a list of {content, role}', async () => {
    const { text } = await datasetZip({ conversational: true, license: 'cc-by-4.0' });
    const [row] = jsonLines(text['dpo/train.jsonl'] ?? '') as { chosen: unknown }[];
    expect(row?.chosen).toEqual([expect.objectContaining({ role: 'assistant' })]);
    const card = text['README.md'] ?? '';
    expect(card).toContain('license: cc-by-4.0');
    expect(card).toContain(
      '  - name: chosen\n    list:\n    - name: content\n      dtype: string\n    - name: role\n      dtype: string\n',
    );
  });

  it('is the same bytes for the same data (fixed times in the zip), and writes nothing once cancelled', async () => {
    const a = await datasetZip();
    const b = await datasetZip();
    expect(a.bytes).toEqual(b.bytes);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await datasetZip({}, controller.signal);
    expect(cancelled.result.status).toBe('cancelled');
    expect(cancelled.aborted).toBe(true);
  });
});
