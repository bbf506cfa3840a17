import { z } from 'zod';
import { parseRetryAfter } from './backoff';

export const REQUEST_TIMEOUT_MS = 30_000;

const IngestAnswerSchema = z.object({
  successes: z.array(z.object({ id: z.string(), status: z.number() })),
  errors: z.array(z.object({ id: z.string().nullable(), status: z.number(), message: z.string().optional() })),
});
export type IngestAnswer = z.infer<typeof IngestAnswerSchema>;

/** What one POST came to, from the sender's point of view. */
export type PostOutcome =
  | { kind: 'answered'; answer: IngestAnswer }
  /** Network error, timeout, 5xx, 429 or anything unexpected: send again later (at `retryAt` if the server said). */
  | { kind: 'retry'; message: string; retryAt: number | null; status?: number }
  | { kind: 'token-rejected'; status: number; message: string }
  | { kind: 'withdrawn'; message: string }
  /** 400 or 413 for the request as a whole: a smaller batch may pass. */
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'gzip-refused' };

export interface PostTarget {
  url: string;
  token: string;
  studyId: string;
}

export interface PostOptions {
  gzip: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

async function gzipText(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {}
  return text.slice(0, 300) || res.statusText;
}

export async function postBatch(target: PostTarget, json: string, options: PostOptions): Promise<PostOutcome> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (target.token) headers.Authorization = `Bearer ${target.token}`;
  if (target.studyId) headers['X-Stageback-Study'] = target.studyId;
  if (options.gzip) headers['Content-Encoding'] = 'gzip';
  let res: Response;
  try {
    res = await doFetch(target.url, {
      method: 'POST',
      headers,
      body: options.gzip ? await gzipText(json) : json,
      signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return {
      kind: 'retry',
      message: timedOut ? 'the collector did not answer in time' : 'the collector could not be reached',
      retryAt: null,
    };
  }
  const status = res.status;
  if (status === 207 || status === 200) {
    const parsed = IngestAnswerSchema.safeParse(await res.json().catch(() => null));
    if (parsed.success) return { kind: 'answered', answer: parsed.data };
    return { kind: 'retry', message: `the endpoint's answer (${status}) is not a collector answer`, retryAt: null };
  }
  if (status === 401 || status === 403) return { kind: 'token-rejected', status, message: await errorText(res) };
  if (status === 410) return { kind: 'withdrawn', message: await errorText(res) };
  if (status === 415 && options.gzip) return { kind: 'gzip-refused' };
  if (status === 400 || status === 413) return { kind: 'refused', status, message: await errorText(res) };
  const retryAt = status === 429 || status === 503 ? parseRetryAfter(res.headers.get('Retry-After'), now()) : null;
  const reason = status === 429 ? 'the collector asked to slow down' : `the collector answered ${status}`;
  await res.body?.cancel().catch(() => {});
  return { kind: 'retry', message: reason, retryAt, status };
}
