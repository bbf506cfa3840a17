/**
 * The longest line the reader accepts, in UTF-16 code units (characters, for text without emoji): 8 MiB.
 * Far above any real record: an answer's text is capped at 200,000 characters (`LIMITS.longText`), and a trace
 * captured on the supported sites is a few kB to a few hundred kB with its sources. Small enough that one line's
 * `JSON.parse` and schema check stay a short task on the log page, and that a file that is one huge line (a
 * binary, a minified dump, a hostile file) is refused after 8 MiB instead of being held whole in memory.
 */
export const MAX_LINE_LENGTH = 8 * 1024 * 1024;

export class LineTooLongError extends Error {
  constructor(readonly line: number) {
    super(
      `line ${line} is longer than 8 MiB (${MAX_LINE_LENGTH.toLocaleString('en-US')} characters), more than any Stageback record`,
    );
    this.name = 'LineTooLongError';
  }
}

/**
 * Lines of a text or a byte/text stream, numbered from 1, without their line break (`\n` or `\r\n`).
 * Linear: each chunk is searched once for line breaks, and the pieces of a line that spans chunks are joined once,
 * when its end arrives. A line longer than MAX_LINE_LENGTH throws LineTooLongError and the stream is cancelled.
 */
export async function* readLines(
  input: string | ReadableStream<Uint8Array | string>,
): AsyncGenerator<{ number: number; text: string }> {
  let number = 0;
  if (typeof input === 'string') {
    for (const text of input.split(/\r?\n/)) {
      if (text.length > MAX_LINE_LENGTH) throw new LineTooLongError(number + 1);
      yield { number: ++number, text };
    }
    return;
  }
  const decoder = new TextDecoder();
  const reader = input.getReader();
  /** The pieces of the line being read, from earlier chunks. */
  let pieces: string[] = [];
  let pending = 0;
  const finish = (last: string): string => {
    let text = pieces.length === 0 ? last : pieces.join('') + last;
    pieces = [];
    pending = 0;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text;
  };
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      const chunk = next.done
        ? decoder.decode()
        : typeof next.value === 'string'
          ? next.value
          : decoder.decode(next.value, { stream: true });
      let start = 0;
      for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
        // One character more than the cap: the `\r` of a `\r\n` break.
        if (pending + end - start > MAX_LINE_LENGTH + 1) throw new LineTooLongError(number + 1);
        const text = finish(chunk.slice(start, end));
        if (text.length > MAX_LINE_LENGTH) throw new LineTooLongError(number + 1);
        yield { number: ++number, text };
        start = end + 1;
      }
      if (start < chunk.length) {
        pending += chunk.length - start;
        if (pending > MAX_LINE_LENGTH + 1) throw new LineTooLongError(number + 1);
        pieces.push(start === 0 ? chunk : chunk.slice(start));
      }
      if (next.done) break;
    }
    done = true;
    const text = finish('');
    if (text.length > MAX_LINE_LENGTH) throw new LineTooLongError(number + 1);
    yield { number: ++number, text };
  } finally {
    // Stop the source when reading ends early (a too-long line, a caller that stops): a file is not read on.
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
