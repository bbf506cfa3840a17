import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const gunzipAsync = promisify(gunzip);

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Reads at most `limit` bytes, then stops and throws 413, so a huge body never sits in memory. */
async function readLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyError(413, `request body exceeds the limit of ${limit} bytes; send smaller batches (about 1 MB)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** The request body as text: gzip decoded when Content-Encoding says so, never more than `limit` bytes either way. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    throw new BodyError(
      413,
      `request body of ${declared} bytes exceeds the limit of ${limit} bytes; send smaller batches (about 1 MB)`,
    );
  }
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new BodyError(415, `Content-Encoding "${encoding}" is not supported; use gzip or none`);
  }
  const raw = await readLimited(request.body, limit);
  if (encoding === 'identity') return raw.toString('utf8');
  try {
    // maxOutputLength stops a small gzip bomb from expanding past the limit.
    return (await gunzipAsync(raw, { maxOutputLength: limit })).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyError(413, `decompressed request body exceeds the limit of ${limit} bytes`);
    }
    throw new BodyError(400, `Content-Encoding is gzip but the body is not valid gzip data`);
  }
}
