/** Where export text goes. A `WritableStream<string>` fits through `streamSink`. */
export interface ExportSink {
  write(chunk: string): Promise<void> | void;
  close(): Promise<void> | void;
  /** Called instead of `close` when the export is cancelled or fails. */
  abort?(reason?: unknown): Promise<void> | void;
}

export function streamSink(stream: WritableStream<string>): ExportSink {
  const writer = stream.getWriter();
  return {
    write: (chunk) => writer.write(chunk),
    close: () => writer.close(),
    abort: (reason) => writer.abort(reason),
  };
}

/** Collects everything in memory: for tests and small exports. */
export function stringSink(): ExportSink & { text(): string } {
  const chunks: string[] = [];
  let closed = false;
  return {
    write: (chunk) => {
      if (closed) throw new Error('write after close');
      chunks.push(chunk);
    },
    close: () => {
      closed = true;
    },
    text: () => chunks.join(''),
  };
}
