import type { Context, Hono } from 'hono';
import { EXPORT_FORMATS, exportFormat } from '../../../storage/exports/registry';
import { exportFrom } from '../../../storage/exports/run-export';
import { streamSink } from '../../../storage/exports/sink';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import { PSEUDONYM_RULE, PseudonymSchema, type TokenRecord } from '../tokens';
import { ACTIVE_DAYS, DEFAULT_DAYS, MAX_DAYS } from './schema';
import { servePage } from './static';

type Env = { Variables: { token: TokenRecord } };

/**
 * Training formats the server computes from the stored records with the extension's own formatters
 * (storage/exports/formats). The canonical log is left out: `GET /v1/export` is the collector's full export. So
 * are formats of several files (`bundle`, e.g. TREC), whose framed text only the log page's zip sink takes apart.
 */
export const SERVER_FORMATS = EXPORT_FORMATS.filter((format) => format.id !== 'jsonl' && !format.bundle);

const DAY_MS = 86_400_000;

/**
 * The dashboard: its page under /dashboard (no token; it asks for one), and its data under /v1/dashboard, which
 * only admin tokens may read. The /v1 middleware in app.ts has already authenticated and rate-limited the token.
 */
export function registerDashboard(app: Hono<Env>, store: Store, log: Logger, now: () => Date): void {
  servePage(app);

  app.use('/v1/dashboard/*', async (c, next) => {
    if (c.get('token').scope !== 'admin') {
      return c.json({ error: 'the dashboard is for admin tokens; this token may only send records' }, 403);
    }
    c.header('Cache-Control', 'no-store');
    await next();
  });

  /** `?study=` absent: every study; `?study=` empty: records sent without a study; else that study. */
  const studyOf = (c: Context<Env>): { study: string | null } | { error: Response } => {
    const raw = c.req.query('study');
    if (raw === undefined || raw === '*') return { study: null };
    if (raw === '') return { study: '' };
    if (!PseudonymSchema.safeParse(raw).success) {
      return { error: c.json({ error: `study must be ${PSEUDONYM_RULE}, empty for no study, or absent` }, 400) };
    }
    return { study: raw };
  };
  const daysOf = (c: Context<Env>): number | Response => {
    const raw = c.req.query('days');
    if (raw === undefined) return DEFAULT_DAYS;
    const days = Number(raw);
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      return c.json({ error: `days must be a whole number from 1 to ${MAX_DAYS}, got "${raw}"` }, 400);
    }
    return days;
  };
  const fromDay = (days: number) => new Date(now().getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);

  app.get('/v1/dashboard/studies', async (c) => c.json({ studies: await store.dashboard.studies() }));

  app.get('/v1/dashboard/participants', async (c) => {
    const s = studyOf(c);
    if ('error' in s) return s.error;
    const since = new Date(now().getTime() - ACTIVE_DAYS * DAY_MS).toISOString();
    return c.json(await store.dashboard.participants(s.study, since));
  });

  app.get('/v1/dashboard/events-per-day', async (c) => {
    const s = studyOf(c);
    if ('error' in s) return s.error;
    const days = daysOf(c);
    if (days instanceof Response) return days;
    return c.json({ from: fromDay(days), days: await store.dashboard.eventsPerDay(s.study, fromDay(days)) });
  });

  app.get('/v1/dashboard/feedback', async (c) => {
    const s = studyOf(c);
    if ('error' in s) return s.error;
    const rows = await store.dashboard.feedback(s.study);
    return c.json({ feedback: rows.map(({ site, stage, label, count }) => ({ site, stage, label, count })) });
  });

  app.get('/v1/dashboard/reads', async (c) => {
    const s = studyOf(c);
    if ('error' in s) return s.error;
    const rows = await store.dashboard.reads(s.study);
    return c.json({ reads: rows.map(({ adapter, outcome, count }) => ({ adapter, outcome, count })) });
  });

  app.get('/v1/dashboard/refused', async (c) => {
    const s = studyOf(c);
    if ('error' in s) return s.error;
    const days = daysOf(c);
    if (days instanceof Response) return days;
    return c.json({ from: fromDay(days), refused: await store.dashboard.refused(s.study, fromDay(days)) });
  });

  app.get('/v1/dashboard/exports', (c) =>
    c.json({
      formats: SERVER_FORMATS.map(({ id, label, description, fileExtension }) => ({
        id,
        label,
        description,
        fileExtension,
      })),
    }),
  );

  app.get('/v1/dashboard/exports/:format', async (c) => {
    const format = exportFormat(c.req.param('format'));
    if (!format || !SERVER_FORMATS.includes(format)) {
      const known = SERVER_FORMATS.map((f) => f.id).join(', ');
      return c.json({ error: `no server-side format "${c.req.param('format')}"; use one of ${known}` }, 404);
    }
    const s = studyOf(c);
    if ('error' in s) return s.error;
    const text = new TransformStream<string, string>();
    const exportedAt = now().toISOString();
    // Runs while the client reads: the sink waits on the stream, so the export goes as fast as it is read.
    void exportFrom({ countEvents: async () => 0, histories: () => store.traceHistories(s.study) }, format, {
      sink: streamSink(text.writable),
      exportedAt,
    }).catch((caught: unknown) => log('error', 'dashboard export failed', { error: (caught as Error).message }));
    const name = `stageback-${format.id}-${exportedAt.slice(0, 10)}.${format.fileExtension}`;
    return new Response(text.readable.pipeThrough(new TextEncoderStream()), {
      headers: {
        'Content-Type': `${format.mimeType}; charset=utf-8`,
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}
