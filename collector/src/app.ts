import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { SCHEMA_VERSION } from '../../storage/schema';
import { BodyError, readBodyText } from './body';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type Limits, type RateLimitOptions } from './config';
import { extensionCors, PARTICIPANT_HEADER, STUDY_HEADER } from './cors';
import { type ItemError, parseBatch, type ValidItem, validateItem } from './envelope';
import { exportStream } from './export';
import { type Logger, silentLogger } from './log';
import { RateLimiter } from './rate-limit';
import type { ItemOutcome, Store } from './store/types';
import { bearerToken, canUse, hashToken, type TokenRecord, type TokenScope } from './tokens';

export interface AppOptions {
  store: Store;
  limits?: Partial<Limits>;
  rateLimit?: Partial<RateLimitOptions>;
  log?: Logger;
  now?: () => Date;
}

type Env = { Variables: { token: TokenRecord } };

/** Participant and study ids: opaque, chosen by the study, safe to log and to put in a URL. */
const PseudonymSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);
const SinceSchema = z.iso.datetime({ offset: true });

const STATUS_BY_OUTCOME: Record<ItemOutcome, 200 | 201> = { created: 201, duplicate: 200, updated: 200 };

const error = (c: Context, status: 400 | 401 | 403 | 404 | 410 | 413 | 415 | 429 | 500 | 503, message: string) =>
  c.json({ error: message }, status);

/** The collector's HTTP API over a store; `main` (cli.ts) and the tests both build it here. */
export function createApp(options: AppOptions): Hono<Env> {
  const { store } = options;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit });
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      token: c.get('token')?.name,
    });
  });
  app.use('*', ...extensionCors());

  app.get('/healthz', async (c) => {
    try {
      await store.ping();
      return c.json({ status: 'ok', store: store.kind, schemaVersion: SCHEMA_VERSION });
    } catch {
      return c.json({ status: 'unavailable', store: store.kind }, 503);
    }
  });

  app.use('/v1/*', async (c, next) => {
    const secret = bearerToken(c.req.header('authorization'));
    const token = secret ? await store.findToken(hashToken(secret)) : null;
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer');
      return error(c, 401, secret ? 'the bearer token is not valid' : 'send Authorization: Bearer <token>');
    }
    c.set('token', token);
    const verdict = limiter.take(token.id);
    if (!verdict.allowed) {
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      return error(c, 429, `rate limit exceeded for this token; retry after ${verdict.retryAfterSeconds} s`);
    }
    await next();
  });

  const requireScope = (c: Context<Env>, scope: TokenScope) =>
    canUse(c.get('token').scope, scope) ? null : error(c, 403, `this token's scope does not allow ${scope}`);

  app.post('/v1/ingest', async (c) => {
    const refused = requireScope(c, 'ingest');
    if (refused) return refused;
    const participant = PseudonymSchema.nullable().safeParse(c.req.header(PARTICIPANT_HEADER) ?? null);
    const study = PseudonymSchema.nullable().safeParse(c.req.header(STUDY_HEADER) ?? null);
    if (!participant.success || !study.success) {
      return error(c, 400, `${PARTICIPANT_HEADER} and ${STUDY_HEADER} must be 1–128 characters of A–Z a–z 0–9 . _ : -`);
    }
    if (participant.data && (await store.isWithdrawn(participant.data))) {
      return error(c, 410, `participant ${participant.data} has withdrawn; nothing was stored`);
    }

    let text: string;
    try {
      text = await readBodyText(c.req.raw, limits.maxBodyBytes);
    } catch (caught) {
      if (caught instanceof BodyError) return error(c, caught.status, caught.message);
      throw caught;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (caught) {
      return error(c, 400, `the request body is not valid JSON: ${(caught as Error).message}`);
    }
    const batch = parseBatch(json, limits.maxBatchItems);
    if ('error' in batch) return error(c, 400, batch.error);

    const valid: ValidItem[] = [];
    const errors: ItemError[] = [];
    const mayHoldNul = text.includes('\\u0000');
    for (const [index, raw] of batch.items.entries()) {
      const result = validateItem(raw, index, mayHoldNul);
      if ('item' in result) valid.push(result.item);
      else errors.push(result.error);
    }

    let outcomes: ItemOutcome[] = [];
    if (valid.length > 0) {
      try {
        outcomes = await store.ingest(valid, {
          participantId: participant.data,
          studyId: study.data,
          storedAt: now().toISOString(),
        });
      } catch (caught) {
        log('error', 'ingest failed', { error: (caught as Error).message, items: valid.length });
        return error(c, 500, 'storing the batch failed; nothing from it was stored, send it again');
      }
    }
    const successes = valid.map((item, i) => {
      const outcome = outcomes[i] ?? 'created';
      return { id: item.id, status: STATUS_BY_OUTCOME[outcome], result: outcome };
    });
    log('info', 'batch', {
      token: c.get('token').name,
      created: successes.filter((s) => s.result === 'created').length,
      duplicates: successes.filter((s) => s.result === 'duplicate').length,
      updated: successes.filter((s) => s.result === 'updated').length,
      invalid: errors.length,
    });
    return c.json({ successes, errors }, 207);
  });

  app.get('/v1/export', async (c) => {
    const refused = requireScope(c, 'admin');
    if (refused) return refused;
    const format = c.req.query('format') ?? 'jsonl';
    if (format !== 'jsonl') return error(c, 400, `format "${format}" is not supported; use format=jsonl`);
    const since = c.req.query('since');
    if (since !== undefined && !SinceSchema.safeParse(since).success) {
      return error(c, 400, `since must be an ISO 8601 time such as 2026-11-26T20:41:07.512Z, got "${since}"`);
    }
    const from = since ? new Date(since).toISOString() : new Date(0).toISOString();
    return new Response(exportStream(store.exportSince(from), log), {
      headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  });

  app.delete('/v1/participants/:id', async (c) => {
    const refused = requireScope(c, 'ingest');
    if (refused) return refused;
    const id = PseudonymSchema.safeParse(c.req.param('id'));
    if (!id.success) return error(c, 400, 'a participant id is 1–128 characters of A–Z a–z 0–9 . _ : -');
    const deleted = await store.deleteParticipant(id.data, now().toISOString());
    log('info', 'participant deleted', { participant: id.data, traces: deleted.traces, events: deleted.events });
    return c.json({ participantId: id.data, deleted });
  });

  app.notFound((c) => error(c, 404, `no route for ${c.req.method} ${c.req.path}`));
  app.onError((caught, c) => {
    log('error', 'unhandled error', { error: caught.message, path: c.req.path });
    return error(c, 500, 'internal error');
  });
  return app;
}
