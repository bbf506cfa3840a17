/**
 * The study dashboard on PostgreSQL with a large study: the events table filled with `COPY` (10,000,000 events by
 * default; DASHBOARD_BENCH_EVENTS to change it) and the dashboard's counter tables filled to match, then each
 * /v1/dashboard endpoint timed over loopback (median of several requests) against a `count(*)` of the events
 * table in the same run (what a dashboard that scans would pay at the least). Target: ≤ 1 s per endpoint.
 *
 * Needs TEST_DATABASE_URL or DATABASE_URL; works in a schema of its own, dropped afterwards.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type DeltaRows, feedbackLabel, readOutcome } from '../collector/src/dashboard/deltas';
import { deltaStatements } from '../collector/src/dashboard/sql';
import { silentLogger } from '../collector/src/log';
import { startServer } from '../collector/src/server';
import { PostgresStore } from '../collector/src/store/postgres';
import { generateToken, hashToken } from '../collector/src/tokens';
import type { FeedbackEvent, Trace } from '../storage/schema';
import { type Figure, median } from './report';

const EVENTS = Number(process.env.DASHBOARD_BENCH_EVENTS ?? 10_000_000);
const EVENTS_PER_TRACE = 20;
const PARTICIPANTS = 2_000;
const STUDIES = ['sleep-2026', 'diet-2026', 'news-2027'];
const SITES = ['google-ai-overview', 'google-ai-mode', 'perplexity', 'bing-copilot'];
const DAYS = 90;
const REQUESTS = 15;
const TARGET_MS = 1_000;
const ROWS_PER_CHUNK = 5_000;
/** Up to this size the bench also checks its counters against the ones the collector builds from the rows. */
const VERIFY_UP_TO = 200_000;

const ENDPOINTS = [
  'studies',
  'participants',
  'participants?study=sleep-2026',
  'events-per-day',
  'events-per-day?study=sleep-2026',
  'feedback',
  'feedback?study=sleep-2026',
  'reads',
  'refused',
];

/** A UUIDv7-shaped id from a counter (valid for the schemas, cheap to make by the million). */
const id = (kind: number, n: number) =>
  `0190a000-${kind.toString(16).padStart(4, '0')}-7000-8000-${n.toString(16).padStart(12, '0')}`;

const DAY_MS = 86_400_000;
const dayStart = (d: number) => Math.floor(Date.now() / DAY_MS - d) * DAY_MS;

function traceBody(t: number, site: string, storedAt: string): Trace {
  const text = 'Most adults need seven or more hours of sleep each night.';
  return {
    id: id(1, t),
    schemaVersion: 1,
    siteId: site,
    pageUrl: `https://www.example.com/search?q=q${t}`,
    query: `query ${t}`,
    capturedAt: storedAt,
    lang: 'en',
    subqueries: [{ id: 'sq-1', text: 'sleep duration', position: 0, origin: 'shown' }],
    sources: [
      {
        id: 'src-0',
        url: 'https://www.cdc.gov/sleep/',
        title: 'About Sleep',
        domain: 'cdc.gov',
        position: 0,
        citingSentenceIds: ['t0'],
      },
    ],
    answer: { text, sentences: [{ id: 't0', start: 0, end: text.length }], complete: t % 7 !== 0 },
    availability: { decomposition: 'read', retrieval: t % 11 === 0 ? 'failed' : 'read', answer: 'read' },
    adapter: { id: site, version: '1' },
    contentHash: t.toString(16).padStart(64, '0'),
  };
}

/** Four kinds of feedback in turn: a sub-query label, a source grade, a span label, a thumbs rating. */
function eventBody(e: number, traceId: string, createdAt: string): FeedbackEvent {
  const base = { id: id(2, e), schemaVersion: 1 as const, traceId, createdAt, origin: 'user' as const };
  switch (e % 4) {
    case 0:
      return {
        ...base,
        stage: 'decomposition',
        target: { type: 'subquery', subqueryId: 'sq-1' },
        kind: 'label',
        value: { label: 'too_broad' },
      };
    case 1:
      return {
        ...base,
        stage: 'retrieval',
        target: { type: 'source', sourceId: 'src-0' },
        kind: 'relevance',
        value: (e % 3) as 0 | 1 | 2,
      };
    case 2:
      return { ...base, stage: 'answer', target: { type: 'stage' }, kind: 'label', value: { label: 'unverifiable' } };
    default:
      return {
        ...base,
        stage: 'overall',
        target: { type: 'stage' },
        kind: 'rating',
        value: { scale: 'thumbs', score: e % 8 === 3 ? -1 : 1 },
      };
  }
}

/** COPY text format: tab-separated, `\N` for null, backslashes doubled (JSON here holds no tab or newline). */
const copyField = (value: string | null) => (value === null ? '\\N' : value.replaceAll('\\', '\\\\'));

interface Counters {
  rows: DeltaRows;
}

/** Where trace `t` lives: its participant, study, site and stored time (fixed by its number). */
function placeOf(t: number) {
  const participant = t % PARTICIPANTS;
  const d = Math.floor((t * DAYS) / Math.max(1, Math.ceil(EVENTS / EVENTS_PER_TRACE)));
  const storedAt = new Date(dayStart(DAYS - 1 - d) + (t % 86_000) * 1000).toISOString();
  return {
    participant: `p-${participant}`,
    study: STUDIES[participant % STUDIES.length] as string,
    site: SITES[t % SITES.length] as string,
    storedAt,
  };
}

async function copyRows(client: pg.PoolClient, sql: string, lines: () => Generator<string>): Promise<void> {
  const source = Readable.from(
    (function* chunks() {
      let chunk = '';
      let n = 0;
      for (const line of lines()) {
        chunk += line;
        if (++n % ROWS_PER_CHUNK === 0) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    })(),
  );
  await pipeline(source, client.query(copyFrom(sql)));
}

/** Fills traces and events with COPY and returns the counters those rows make, as the collector would keep them. */
async function fill(pool: pg.Pool): Promise<Counters> {
  const traces = Math.ceil(EVENTS / EVENTS_PER_TRACE);
  const daily = new Map<string, { study: string; day: string; events: number; traces: number }>();
  const feedback = new Map<string, { study: string; site: string; stage: string; label: string; count: number }>();
  const reads = new Map<
    string,
    { study: string; adapter: string; outcome: ReturnType<typeof readOutcome>; count: number }
  >();
  const participants = new Map<
    string,
    { study: string; participant: string; events: number; traces: number; lastAt: string | null }
  >();
  const bump = <R>(map: Map<string, R>, key: string, fresh: () => R, add: (row: R) => void) => {
    let row = map.get(key);
    if (!row) {
      row = fresh();
      map.set(key, row);
    }
    add(row);
  };
  const touch = (p: ReturnType<typeof placeOf>, events: number, tracesAdded: number) =>
    bump(
      participants,
      `${p.study}|${p.participant}`,
      () => ({ study: p.study, participant: p.participant, events: 0, traces: 0, lastAt: null as string | null }),
      (row) => {
        row.events += events;
        row.traces += tracesAdded;
        if (row.lastAt === null || p.storedAt > row.lastAt) row.lastAt = p.storedAt;
      },
    );
  const client = await pool.connect();
  try {
    await copyRows(
      client,
      'COPY traces (id, participant_id, study_id, stored_at, body, owner) FROM STDIN',
      function* () {
        for (let t = 0; t < traces; t++) {
          const p = placeOf(t);
          const body = traceBody(t, p.site, p.storedAt);
          const day = p.storedAt.slice(0, 10);
          bump(
            daily,
            `${p.study}|${day}`,
            () => ({ study: p.study, day, events: 0, traces: 0 }),
            (r) => {
              r.traces++;
            },
          );
          const outcome = readOutcome(body);
          bump(
            reads,
            `${p.study}|${p.site}|${outcome}`,
            () => ({ study: p.study, adapter: p.site, outcome, count: 0 }),
            (r) => {
              r.count++;
            },
          );
          touch(p, 0, 1);
          yield `${[body.id, p.participant, p.study, p.storedAt, copyField(JSON.stringify(body)), p.participant].join('\t')}\n`;
        }
      },
    );
    await copyRows(
      client,
      'COPY events (id, trace_id, participant_id, study_id, stored_at, body, owner, site_id) FROM STDIN',
      function* () {
        for (let e = 0; e < EVENTS; e++) {
          const t = Math.floor(e / EVENTS_PER_TRACE);
          const p = placeOf(t);
          const body = eventBody(e, id(1, t), p.storedAt);
          const day = p.storedAt.slice(0, 10);
          bump(
            daily,
            `${p.study}|${day}`,
            () => ({ study: p.study, day, events: 0, traces: 0 }),
            (r) => {
              r.events++;
            },
          );
          const label = feedbackLabel(body);
          bump(
            feedback,
            `${p.study}|${p.site}|${body.stage}|${label}`,
            () => ({ study: p.study, site: p.site, stage: body.stage, label, count: 0 }),
            (r) => {
              r.count++;
            },
          );
          touch(p, 1, 0);
          yield `${[body.id, body.traceId, p.participant, p.study, p.storedAt, copyField(JSON.stringify(body)), p.participant, p.site].join('\t')}\n`;
        }
      },
    );
  } finally {
    client.release();
  }
  return {
    rows: {
      daily: [...daily.values()],
      feedback: [...feedback.values()],
      reads: [...reads.values()],
      participants: [...participants.values()],
      refused: STUDIES.map((study) => ({
        study,
        day: new Date().toISOString().slice(0, 10),
        reason: 'invalid',
        count: 3,
      })),
    },
  };
}

/** The bench's counters equal what the collector builds from the same rows (refusals aside: rows do not hold them). */
async function verifyCounters(url: string, secret: string, pool: pg.Pool, store: PostgresStore): Promise<void> {
  const read = async () => {
    const out: Record<string, unknown> = {};
    for (const endpoint of ENDPOINTS.filter((e) => !e.startsWith('refused'))) {
      const res = await fetch(`${url}/v1/dashboard/${endpoint}`, { headers: { Authorization: `Bearer ${secret}` } });
      const body = (await res.json()) as Record<string, unknown>;
      delete body.activeSince;
      out[endpoint] = body;
    }
    return JSON.stringify(out);
  };
  const filled = await read();
  await pool.query(
    'TRUNCATE agg_daily, agg_feedback, agg_reads, agg_participants, agg_refused; DELETE FROM collector_meta',
  );
  await store.migrate();
  if ((await read()) !== filled) throw new Error('the bench filled counters that differ from the collector’s own');
  console.log('checked: the filled counters equal the ones the collector builds from the rows');
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function benchDashboard(): Promise<Figure[]> {
  const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) {
    console.log(
      'skipped: set TEST_DATABASE_URL (or DATABASE_URL) to a PostgreSQL database this role may create schemas in',
    );
    return [];
  }
  const schema = `stageback_bench_${process.pid}`;
  const adminPool = new pg.Pool({ connectionString: base, max: 1 });
  await adminPool.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const store = new PostgresStore(url.toString());
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  try {
    await store.migrate();
    const fillStarted = performance.now();
    const counters = await fill(pool);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const { sql, params } of deltaStatements(counters.rows)) {
        let i = 0;
        await client.query(
          sql.replace(/\?/g, () => `$${++i}`),
          params,
        );
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await pool.query('VACUUM ANALYZE');
    console.log(`filled ${EVENTS.toLocaleString('en-US')} events in ${fillSeconds.toFixed(0)} s with COPY`);

    const secret = generateToken();
    await store.createToken({
      id: 'bench-admin',
      name: 'bench',
      scope: 'admin',
      participantId: null,
      hash: hashToken(secret),
      createdAt: new Date().toISOString(),
    });
    const server = await startServer(
      store,
      {
        host: '127.0.0.1',
        port: 0,
        limits: { maxBodyBytes: 2 * 1024 * 1024, maxBatchItems: 10_000 },
        rateLimit: { ratePerSecond: 1_000, burst: 1_000, itemsPerSecond: 1_000, itemsBurst: 10_000 },
      },
      silentLogger,
    );
    try {
      const scans: number[] = [];
      for (let i = 0; i < 3; i++) scans.push(await timed(() => pool.query('SELECT count(*) FROM events')));
      const baseline = { name: 'SELECT count(*) FROM events (median of 3)', value: median(scans) };
      // The counters replace scans like this one (the feedback chart straight from the events), timed once.
      const scan = await timed(() =>
        pool.query(`SELECT study_id, site_id, body->>'stage', count(*) FROM events GROUP BY 1, 2, 3`),
      );
      const figures: Figure[] = [
        {
          name: `feedback by study, site and stage as a GROUP BY over ${EVENTS.toLocaleString('en-US')} events (one run)`,
          value: scan,
          unit: 'ms',
          note: 'what /v1/dashboard/feedback would cost without counters',
        },
      ];
      if (EVENTS <= VERIFY_UP_TO) await verifyCounters(server.url, secret, pool, store);
      for (const endpoint of ENDPOINTS) {
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          times.push(
            await timed(async () => {
              const res = await fetch(`${server.url}/v1/dashboard/${endpoint}`, {
                headers: { Authorization: `Bearer ${secret}` },
              });
              if (!res.ok) throw new Error(`${endpoint} answered ${res.status}`);
              await res.arrayBuffer();
            }),
          );
        }
        figures.push({
          name: `GET /v1/dashboard/${endpoint} with ${EVENTS.toLocaleString('en-US')} events (median of ${REQUESTS})`,
          value: median(times),
          unit: 'ms',
          baseline,
          target: { max: TARGET_MS },
        });
      }
      return figures;
    } finally {
      await server.close();
    }
  } finally {
    await pool.end();
    await store.close();
    await adminPool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await adminPool.end();
  }
}
