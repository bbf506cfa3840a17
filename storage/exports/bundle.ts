import type { ExportSink } from './sink';

/**
 * A format that writes several files (a TREC run per site, topics, qrels) still streams one text through the
 * export driver: each piece of a file is framed as `\0name\0length\0text`, `length` in UTF-16 code units, so
 * any text (NULs included) passes through and a frame may be split across chunks anywhere. `bundleSink`
 * takes the frames apart again; the log page zips the files (export-download.ts).
 */
export function filePart(name: string, text: string): string {
  if (text.length === 0) return '';
  if (name.length === 0 || name.includes('\0')) throw new Error(`bad file name in a bundle: ${JSON.stringify(name)}`);
  return `\0${name}\0${text.length}\0${text}`;
}

export interface BundleFiles {
  /** Text for `name`, in order; called once per frame piece. */
  write(name: string, text: string): Promise<void> | void;
  close(): Promise<void> | void;
  abort?(reason?: unknown): Promise<void> | void;
}

/** Reads the framed stream `filePart` makes, whatever the chunk boundaries, and hands each file's text on. */
export function bundleSink(files: BundleFiles): ExportSink {
  let header = '';
  let inHeader = false;
  let name = '';
  let remaining = 0;
  const fail = (why: string) => {
    throw new Error(`not a bundle stream: ${why}`);
  };
  return {
    async write(chunk) {
      let i = 0;
      while (i < chunk.length) {
        if (remaining > 0) {
          const piece = chunk.slice(i, i + remaining);
          remaining -= piece.length;
          i += piece.length;
          await files.write(name, piece);
          continue;
        }
        if (!inHeader) {
          if (chunk[i] !== '\0') fail(`text outside a frame at ${i}`);
          inHeader = true;
          header = '';
          i++;
          continue;
        }
        // Inside a header: `name\0length\0`.
        const end = chunk.indexOf('\0', i);
        const nulsBefore = (header.match(/\0/g) ?? []).length;
        if (end === -1) {
          header += chunk.slice(i);
          i = chunk.length;
          continue;
        }
        header += chunk.slice(i, end + 1);
        i = end + 1;
        if (nulsBefore === 1) {
          const [fileName, length] = header.slice(0, -1).split('\0');
          if (!fileName || !length || !/^[1-9]\d*$/.test(length)) fail(`bad frame header ${JSON.stringify(header)}`);
          name = fileName as string;
          remaining = Number(length);
          inHeader = false;
        }
      }
    },
    close() {
      if (inHeader || remaining > 0) fail('the last frame is cut short');
      return files.close();
    },
    abort: (reason) => files.abort?.(reason),
  };
}

/** Splits a whole framed text into files (tests, small exports). */
export async function splitBundle(text: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const sink = bundleSink({
    write: (name, piece) => {
      files.set(name, (files.get(name) ?? '') + piece);
    },
    close: () => undefined,
  });
  await sink.write(text);
  await sink.close();
  return files;
}
