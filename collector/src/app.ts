import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { SCHEMA_VERSION } from '../../storage/schema';
import { BodyError, readBodyText } from './body';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type Limits, type RateLimitOptions } from './config';
import { extensionCors, STUDY_HEADER } from './cors';
import { registerDashboard } from './dashboard/routes';
import { type ItemError, MAX_LISTED_ERRORS, parseBatch, textHints, validateBatch } from './envelope';
import { exportStream } from './export';
import { Gate } from './gate';
import { type Logger, silentLogger } from './log';
import { type BucketOptions, type Limiter, RateLimiter } from './rate-limit';
import { mountEnrolment } from './routes/enrol';
import { receiptsFor } from './routes/receipts';
import { studyRulesFor } from './routes/study-rules';
import type { ItemOutcome, Store } from './store/types';
import {
  bearerToken,
  canUse,
  hashToken,
  ownerOf,
  PSEUDONYM_RULE,
  PseudonymSchema,
  type TokenRecord,
  type TokenScope,
} from './tokens';

export interface AppOptions {
  store: Store;
  limits?: Partial<Limits>;
  rateLimit?: Partial<RateLimitOptions>;
  /** Extension ids allowed as CORS origins; null or absent allows any extension. */
  allowedExtensionIds?: readonly string[] | null;
  log?: Logger;
  now?: () => Date;
  /** Enrolment requests per client address (routes/enrol.ts has the default). */
  enrolRateLimit?: BucketOptions;
  /** Where each study's offered taught sites are, as `<study id>.json` (STUDY_RULES_DIR); unset: none offered. */
  studyRulesDir?: string;
}

type Env = { Variables: { token: TokenRecord } };

const SinceSchema = z.iso.datetime({ offset: true });

const STATUS_BY_OUTCOME: Record<Exclude<ItemOutcome, 'foreign'>, 200 | 201> = {
  created: 201,
  duplicate: 200,
  updated: 200,
};

/** `application/json`, with or without parameters such as `charset=utf-8`. */
const JSON_CONTENT_TYPE = /^application\/json\s*(?:;|$)/i;

const error = (c: Context, status: 400 | 401 | 403 | 404 | 410 | 413 | 415 | 429 | 500 | 503, message: string) =>
  c.json({ error: message }, status);

/** The collector's HTTP API over a store; `main` (cli.ts) and the tests both build it here. */
export function createApp(options: AppOptions): Hono<Env> {
  const { store } = options;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const rate: RateLimitOptions = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  if (rate.shared && !store.sharedLimiter) throw new Error('shared rate limits need the PostgreSQL store');
  const bucket = (prefix: string, bucketOptions: BucketOptions): Limiter =>
    rate.shared && store.sharedLimiter ? store.sharedLimiter(prefix, bucketOptions) : new RateLimiter(bucketOptions);
  const limiter = bucket('requests', rate);
  // Items cost validation and storage: a second bucket per token, large enough for the largest batch.
  const itemLimiter = bucket('items', {
    ratePerSecond: rate.itemsPerSecond,
    burst: Math.max(rate.itemsBurst, limits.maxBatchItems),
  });
  // Parsing and validating a batch is CPU work on the one event loop: one batch at a time (in slices), so the loop
  // serves everything else (/healthz among it) between slices instead of between up to N parallel batches' slices.
  const validation = new Gate(1);
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      method: c.req.method,
      // An enrolment link's code is a shared secret: not in the log.
      path: c.req.path.replace(/^\/enrol\/.+/, '/enrol/…'),
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      token: c.get('token')?.name,
    });
  });
  app.use('*', ...extensionCors(options.allowedExtensionIds ?? null));

  app.get('/healthz', async (c) => {
    try {
      await store.ping();
      return c.json({ status: 'ok', store: store.kind, schemaVersion: SCHEMA_VERSION });
    } catch {
      return c.json({ status: 'unavailable', store: store.kind }, 503);
    }
  });

  mountEnrolment(app, { store, log, now, rateLimit: options.enrolRateLimit });

  app.use('/v1/*', async (c, next) => {
    const secret = bearerToken(c.req.header('authorization'));
    const token = secret ? await store.findToken(hashToken(secret)) : null;
    if (!token || token.revokedAt) {
      if (token?.participantId && (await store.isWithdrawn(token.participantId))) {
        // The extension shows "withdrawn" on 410 and stops sending.
        return error(
          c,
          410,
          `participant ${token.participantId} has withdrawn; this token was revoked with the withdrawal and nothing more is accepted from it`,
        );
      }
      c.header('WWW-Authenticate', 'Bearer');
      const why = !secret
        ? 'send Authorization: Bearer <token>'
        : token
          ? 'the bearer token has been revoked'
          : 'the bearer token is not valid';
      return error(c, 401, why);
    }
    c.set('token', token);
    const verdict = await limiter.take(token.id);
    if (!verdict.allowed) {
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      return error(c, 429, `rate limit exceeded for this token; retry after ${verdict.retryAfterSeconds} s`);
    }
    await next();
  });

  registerDashboard(app, store, log, now);

  const requireScope = (c: Context<Env>, scope: TokenScope) =>
    canUse(c.get('token').scope, scope) ? null : error(c, 403, `this token's scope does not allow ${scope}`);

  app.get('/v1/whoami', (c) => {
    const token = c.get('token');
    return c.json({ token: token.name, scope: token.scope, participantId: token.participantId });
  });

  app.get('/v1/receipts', async (c) => requireScope(c, 'ingest') ?? receiptsFor(c, store, c.get('token')));
  app.get(
    '/v1/study/rules',
    async (c) => requireScope(c, 'ingest') ?? studyRulesFor(c, options.studyRulesDir, c.get('token'), log),
  );

  app.post('/v1/ingest', async (c) => {
    const refused = requireScope(c, 'ingest');
    if (refused) return refused;
    const token = c.get('token');
    // The participant is the token's, never a header's: X-Stageback-Participant is ignored.
    const participantId = token.participantId;
    const study = PseudonymSchema.nullable().safeParse(c.req.header(STUDY_HEADER) ?? null);
    if (!study.success) return error(c, 400, `${STUDY_HEADER} must be ${PSEUDONYM_RULE}`);
    if (participantId && (await store.isWithdrawn(participantId))) {
      return error(c, 410, `participant ${participantId} has withdrawn; nothing was stored`);
    }
    // The dashboard's "refused" counts: what the extension will keep as dead letters. Never fails the request.
    const countRefusals = (counts: Record<string, number>) =>
      store.countRefusals(study.data, now().toISOString(), counts).catch((caught: unknown) => {
        log('error', 'counting refusals failed', { error: (caught as Error).message });
      });
    const contentType = c.req.header('content-type') ?? '';
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      return error(
        c,
        415,
        `Content-Type must be application/json (gzip goes in Content-Encoding), got ${contentType ? `"${contentType}"` : 'none'}`,
      );
    }

    let text: string;
    try {
      text = await readBodyText(c.req.raw, limits.maxBodyBytes);
    } catch (caught) {
      if (caught instanceof BodyError) {
        if (caught.status === 413) await countRefusals({ request_too_large: 1 });
        return error(c, caught.status, caught.message);
      }
      throw caught;
    }
    const checkedOrRefused = await validation.run(async () => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (caught) {
        return error(c, 400, `the request body is not valid JSON: ${(caught as Error).message}`);
      }
      const batch = parseBatch(json, limits.maxBatchItems);
      if ('error' in batch) return error(c, 400, batch.error);

      const itemVerdict = await itemLimiter.take(token.id, batch.items.length);
      if (!itemVerdict.allowed) {
        c.header('Retry-After', String(itemVerdict.retryAfterSeconds));
        return error(
          c,
          429,
          `item rate limit exceeded for this token (${batch.items.length} items); retry after ${itemVerdict.retryAfterSeconds} s`,
        );
      }
      return validateBatch(batch.items, textHints(text));
    });
    if (checkedOrRefused instanceof Response) return checkedOrRefused;
    const checked = checkedOrRefused;
    const valid = checked.valid.map(({ item }) => item);
    let outcomes: ItemOutcome[] = [];
    if (valid.length > 0) {
      try {
        outcomes = await store.ingest(valid, {
          participantId,
          owner: ownerOf(token),
          // An enrolment token's study wins over the header.
          studyId: token.studyId ?? study.data,
          storedAt: now().toISOString(),
        });
      } catch (caught) {
        log('error', 'ingest failed', { error: (caught as Error).message, items: valid.length });
        return error(c, 500, 'storing the batch failed; nothing from it was stored, send it again');
      }
    }
    const successes: { id: string; status: 200 | 201; result: ItemOutcome }[] = [];
    const refusals: { index: number; error: ItemError }[] = [];
    for (const [i, { index, item }] of checked.valid.entries()) {
      const outcome = outcomes[i] ?? 'created';
      if (outcome === 'foreign') {
        const message = `item ${index}: a record with id "${item.id}" belongs to another participant; nothing was changed`;
        refusals.push({ index, error: { id: item.id, status: 403, reason: 'owned_by_another_participant', message } });
      } else {
        successes.push({ id: item.id, status: STATUS_BY_OUTCOME[outcome], result: outcome });
      }
    }
    // In batch order, at most MAX_LISTED_ERRORS; the rest are counted, so the answer stays small.
    const refusedCounts: Record<string, number> = {
      ...checked.refusedByReason,
      owned_by_another_participant: refusals.length,
      unchecked: checked.unchecked,
    };
    if (Object.values(refusedCounts).some((count) => count > 0)) await countRefusals(refusedCounts);
    const listed = [...checked.errors, ...refusals].sort((a, b) => a.index - b.index);
    const errors = listed.slice(0, MAX_LISTED_ERRORS).map(({ error }) => error);
    const moreErrors = checked.moreErrors + listed.length - errors.length;
    log('info', 'batch', {
      token: token.name,
      created: successes.filter((s) => s.result === 'created').length,
      duplicates: successes.filter((s) => s.result === 'duplicate').length,
      updated: successes.filter((s) => s.result === 'updated').length,
      invalid: checked.errors.length + checked.moreErrors,
      foreign: refusals.length,
      unchecked: checked.unchecked,
    });
    return c.json({ successes, errors, moreErrors, unchecked: checked.unchecked }, 207);
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
    const token = c.get('token');
    const id = PseudonymSchema.safeParse(c.req.param('id'));
    if (!id.success) return error(c, 400, `a participant id is ${PSEUDONYM_RULE}`);
    if (token.scope !== 'admin') {
      // Checked before whether the id exists, so a participant's token cannot probe for other participants.
      if (token.participantId === null) {
        return error(
          c,
          403,
          'this token is not bound to a participant; only its own token or an admin token may withdraw one',
        );
      }
      if (token.participantId !== id.data)
        return error(c, 403, 'a participant token may withdraw only its own participant');
    } else if (!(await store.isKnownParticipant(id.data))) {
      return error(c, 404, `no participant ${id.data}: no token is bound to it and no records carry it`);
    }
    const { traces, events, tokensRevoked } = await store.deleteParticipant(id.data, now().toISOString());
    log('info', 'participant deleted', { participant: id.data, by: token.name, traces, events, tokensRevoked });
    return c.json({ participantId: id.data, deleted: { traces, events }, tokensRevoked });
  });

  app.notFound((c) => error(c, 404, `no route for ${c.req.method} ${c.req.path}`));
  app.onError((caught, c) => {
    log('error', 'unhandled error', { error: caught.message, path: c.req.path });
    return error(c, 500, 'internal error');
  });
  return app;
}
