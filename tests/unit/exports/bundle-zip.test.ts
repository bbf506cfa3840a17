import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSink, filePart, splitBundle } from '../../../storage/exports/bundle';
import { crc32, ZipEntry, zipBlob } from '../../../storage/exports/zip';

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('bundle framing', () => {
  const files: [string, string][] = [
    ['topics.tsv', 'q1\tnaïve “query” ☕\n'],
    ['runs/a.run', 'q1 Q0 https://a.example/ 1 1 a\n'],
    ['odd.txt', 'text with \0 NULs \0 and 12\0 digits\n'],
    ['topics.tsv', 'q2\tsecond\n'],
  ];
  const framed = files.map(([n, t]) => filePart(n, t)).join('');

  it('gives each file its text back, whatever the chunk boundaries', async () => {
    const whole = await splitBundle(framed);
    expect(whole.get('topics.tsv')).toBe('q1\tnaïve “query” ☕\nq2\tsecond\n');
    expect(whole.get('odd.txt')).toBe('text with \0 NULs \0 and 12\0 digits\n');
    for (const size of [1, 2, 3, 7, 13]) {
      const got = new Map<string, string>();
      const sink = bundleSink({ write: (n, t) => void got.set(n, (got.get(n) ?? '') + t), close: () => undefined });
      for (let i = 0; i < framed.length; i += size) await sink.write(framed.slice(i, i + size));
      await sink.close();
      expect(got).toEqual(whole);
    }
  });

  it('refuses a stream that is not framed, or cut short', async () => {
    await expect(splitBundle('plain text')).rejects.toThrow(/not a bundle stream/);
    await expect(splitBundle(framed.slice(0, -3))).rejects.toThrow(/cut short/);
  });
});

describe('zip', () => {
  it('computes the zip CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const enc = new TextEncoder();
    expect(crc32(enc.encode('6789'), crc32(enc.encode('12345')))).toBe(0xcbf43926);
  });

  it.skipIf(!hasUnzip)(
    'writes an archive unzip tests and reads back file by file (UTF-8 names and text; needs apt unzip)',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'zip-'));
      try {
        const a = new ZipEntry('topics.tsv', 16);
        a.write('q1\tnaïve “query” ☕\n');
        a.write('q2\tsecond\n');
        const b = new ZipEntry('runs/perplexity.user.run', 16);
        const big = 'q Q0 https://example.org/ 1 1 t\n'.repeat(5000);
        b.write(big);
        const blob = zipBlob([a, b], '2026-11-27T09:00:00.000Z');
        const file = path.join(dir, 'x.zip');
        writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
        expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
        expect(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n')).toEqual([
          'topics.tsv',
          'runs/perplexity.user.run',
        ]);
        expect(execFileSync('unzip', ['-p', file, 'topics.tsv'], { encoding: 'utf8' })).toBe(
          'q1\tnaïve “query” ☕\nq2\tsecond\n',
        );
        expect(
          execFileSync('unzip', ['-p', file, 'runs/perplexity.user.run'], { encoding: 'utf8', maxBuffer: 1e8 }),
        ).toBe(big);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
