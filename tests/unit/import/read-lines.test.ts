import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, readLines } from '../../../storage/import/read-lines';

const textStream = (chunks: readonly (string | Uint8Array)[]) =>
  new ReadableStream<string | Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });

async function collect(input: string | ReadableStream<string | Uint8Array>) {
  const lines: { number: number; text: string }[] = [];
  for await (const line of readLines(input)) lines.push(line);
  return lines;
}

/** The filler of the one long line: a character no other string in the test run starts with. */
const FILL = '\u2603';

/**
 * Characters handed to the string searches a line splitter can use, counted only on strings that start with the
 * long line's filler: what the reader scans, whatever it is built from. Deterministic, unlike a wall-clock time.
 * Patched by hand: a Vitest spy would keep every call's strings alive.
 */
function countScanned(): { chars: number; restore: () => void } {
  const count = { chars: 0, restore: () => {} };
  const names = ['split', 'indexOf', 'lastIndexOf', 'includes', 'search', 'match'] as const;
  const proto = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = names.map((name) => proto[name] as (...args: unknown[]) => unknown);
  names.forEach((name, i) => {
    const original = originals[i] as (...args: unknown[]) => unknown;
    proto[name] = function (this: string, ...args: unknown[]) {
      const self = String(this);
      if (self.startsWith(FILL)) {
        const from = (name === 'indexOf' || name === 'includes') && typeof args[1] === 'number' ? args[1] : 0;
        count.chars += self.length - from;
      }
      return original.apply(self, args);
    };
  });
  count.restore = () => {
    for (const [i, name] of names.entries()) proto[name] = originals[i] as (...args: unknown[]) => unknown;
  };
  return count;
}

describe('readLines', () => {
  it('numbers lines from 1 across chunk borders: CRLF split between chunks, a multibyte character cut in two', async () => {
    const bytes = new TextEncoder().encode('a\r\nné\r\n\nlast');
    // "a\r" | "\nn" + first byte of é | rest
    const lines = await collect(textStream([bytes.slice(0, 2), bytes.slice(2, 5), bytes.slice(5)]));
    expect(lines).toEqual([
      { number: 1, text: 'a' },
      { number: 2, text: 'né' },
      { number: 3, text: '' },
      { number: 4, text: 'last' },
    ]);
    expect(await collect('a\r\nb\nc')).toEqual(
      lines.slice(0, 1).concat({ number: 2, text: 'b' }, { number: 3, text: 'c' }),
    );
  });

  it('scans each character once: a 4 MiB line in 4 KiB chunks costs 4 MiB of search, not the quadratic 2 GiB', async () => {
    const chunk = FILL.repeat(4096);
    const chunks = Array.from({ length: 1024 }, () => chunk);
    const total = chunk.length * chunks.length;
    const scanned = countScanned();
    const lines = await collect(textStream(['{"header":1}\n', ...chunks, '\nend'])).finally(scanned.restore);
    expect(lines.map((l) => l.text.length)).toEqual([12, total, 3]);
    // Re-splitting the whole buffer on each chunk scans about total²/(2·chunk) = 2 GiB here.
    expect(scanned.chars).toBeLessThanOrEqual(2 * total);
  });

  it('refuses a line longer than 8 MiB, naming it, without reading the rest of the stream', async () => {
    let pulled = 0;
    const chunk = 'x'.repeat(1 << 20);
    const stream = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('{"header":1}\n');
      },
      pull(controller) {
        pulled++;
        if (pulled > 16)
          controller.close(); // a longer stream would only slow the quadratic reader down
        else controller.enqueue(chunk);
      },
    });
    const numbers: number[] = [];
    await expect(async () => {
      for await (const line of readLines(stream)) numbers.push(line.number);
    }).rejects.toThrow('line 2 is longer than 8 MiB (8,388,608 characters), more than any Stageback record');
    expect(numbers).toEqual([1]);
    expect(MAX_LINE_LENGTH).toBe(8 * 1024 * 1024);
    expect(pulled).toBeLessThan(12);
  });

  it('refuses the same line given as one string', async () => {
    await expect(collect(`{"header":1}\nok\n${'x'.repeat(MAX_LINE_LENGTH + 1)}`)).rejects.toThrow(/^line 3 is longer/);
    expect(await collect(`a\n${'x'.repeat(MAX_LINE_LENGTH)}`)).toHaveLength(2);
  });
});
