import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import { Utf8BlobParts } from '../../../storage/exports/utf8-blob-parts';
import { uuidv7 } from '../../../utils/uuidv7';
import { EXPORTED_AT, fillDataset } from './dataset';

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

describe('Utf8BlobParts', () => {
  it('writes the bytes a Blob of the written strings would hold, across part boundaries', async () => {
    // 'é' is 2 bytes, '€' 3, '😀' a surrogate pair of 4; lone surrogates become U+FFFD in each string, as in
    // `new Blob(strings)` (the export flushes whole lines, and JSON.stringify escapes lone surrogates).
    const alphabet = ['a', 'é', '€', '😀', '\ud800', '\udc00', '\n'];
    const pieces = ['plain ', 'x'.repeat(100), ''];
    for (let i = 0; i < 300; i++) {
      let piece = '';
      for (let j = 0; j < (i * 7) % 13; j++) piece += alphabet[(i * 31 + j * 17) % alphabet.length];
      pieces.push(piece);
    }
    const parts = new Utf8BlobParts(32);
    for (const piece of pieces) parts.write(piece);
    const blob = parts.blob('application/x-ndjson');
    expect(blob.type).toBe('application/x-ndjson');
    expect(await bytes(blob)).toEqual(await bytes(new Blob(pieces)));
  });

  it('keeps nothing after clear', async () => {
    const parts = new Utf8BlobParts(16);
    parts.write('dropped, longer than one part');
    parts.write('dropped');
    parts.clear();
    parts.write('kept');
    expect(await parts.blob('text/plain').text()).toBe('kept');
  });

  describe('under the log export', () => {
    let db: StagebackDB | undefined;
    afterEach(async () => {
      db?.close();
      if (db) await Dexie.delete(db.name);
    });

    it('gives the file the same bytes as the exported text', async () => {
      db = new StagebackDB(`export-${uuidv7()}`);
      await db.open();
      await fillDataset(db);
      const text = stringSink();
      await runExport(db, 'jsonl', { sink: text, exportedAt: EXPORTED_AT });
      const parts = new Utf8BlobParts(4096);
      await runExport(db, 'jsonl', {
        sink: { write: (chunk) => parts.write(chunk), close: () => parts.flush() },
        exportedAt: EXPORTED_AT,
      });
      const blob = parts.blob('application/x-ndjson');
      expect(blob.size).toBeGreaterThan(4096);
      expect(await bytes(blob)).toEqual(await bytes(new Blob([text.text()])));
    });
  });
});
