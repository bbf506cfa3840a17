import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLines, type IngestAnswer, ingest } from './support/client';
import { type EnvelopeItem, item, stageEvents, trace } from './support/items';
import { type CollectorProcess, createToken, spawnCollector } from './support/process';
import { postgresTarget } from './support/targets';

const PARTICIPANTS = 4;
const BATCHES_PER_PARTICIPANT = 6;
const TRACES_PER_BATCH = 20;

/** Sends until the collector answers 207 (a client's retries): 429 and 500 ("send it again") are retried. */
async function deliver(url: string, token: string, batch: EnvelopeItem[]): Promise<IngestAnswer> {
  for (let attempt = 0; ; attempt++) {
    const res = await ingest(url, token, { batch }, { 'X-Stageback-Study': 'scale' });
    if (res.status === 207) return (await res.json()) as IngestAnswer;
    if ((res.status !== 429 && res.status !== 500) || attempt > 20) {
      throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
  }
}

const target = postgresTarget();

describe.skipIf(!target.available)('two collector processes on one PostgreSQL database', () => {
  let env: Record<string, string>;
  let a: CollectorProcess;
  let b: CollectorProcess;
  let admin: string;
  const tokens: string[] = [];

  beforeAll(async () => {
    env = await target.setUp();
    admin = await createToken(env, 'researcher', 'admin');
    for (let p = 0; p < PARTICIPANTS; p++) tokens.push(await createToken(env, `p${p}`, 'ingest', `p${p}`));
    const limits = { RATE_LIMIT_RPS: '1000', RATE_LIMIT_BURST: '1000' };
    // Started together: both migrate at once, serialised by the advisory lock.
    [a, b] = await Promise.all([spawnCollector({ ...env, ...limits }), spawnCollector({ ...env, ...limits })]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await target.tearDown();
  });

  it('stores every item of the same batches sent to both at once exactly once, and counts each once', async () => {
    const batches: { token: string; items: EnvelopeItem[] }[] = [];
    const early: { token: string; events: EnvelopeItem[]; trace: EnvelopeItem }[] = [];
    for (const [p, token] of tokens.entries()) {
      for (let i = 0; i < BATCHES_PER_PARTICIPANT; i++) {
        const items = Array.from({ length: TRACES_PER_BATCH }, () => {
          const t = trace({ siteId: `site-${p % 2}` });
          return [item('trace-upsert', t), ...stageEvents(t.id).map((e) => item('feedback-event', e))];
        }).flat();
        batches.push({ token, items });
      }
      // A trace and its events in separate batches, the events to one process while the trace goes to the other.
      const t = trace({ siteId: `site-${p % 2}` });
      early.push({
        token,
        trace: item('trace-upsert', t),
        events: stageEvents(t.id).map((e) => item('feedback-event', e)),
      });
    }

    const answers = await Promise.all([
      ...batches.flatMap(({ token, items }) => [deliver(a.url, token, items), deliver(b.url, token, items)]),
      ...early.flatMap(({ token, trace: t, events }) => [
        deliver(a.url, token, events),
        deliver(b.url, token, [t]),
        deliver(b.url, token, events),
        deliver(a.url, token, [t]),
      ]),
    ]);

    const sent = [...batches.flatMap((x) => x.items), ...early.flatMap((x) => [x.trace, ...x.events])];
    const ids = sent.map((i) => i.id);
    // Every item acknowledged by both, created by exactly one.
    const results = new Map<string, string[]>();
    for (const answer of answers) {
      expect(answer.errors).toEqual([]);
      for (const s of answer.successes) results.set(s.id, [...(results.get(s.id) ?? []), s.result]);
    }
    for (const id of ids) {
      expect(results.get(id)?.sort(), id).toEqual(['created', 'duplicate']);
    }

    const lines = await exportLines(a.url, admin);
    expect(lines).toHaveLength(ids.length);
    expect(new Set(lines.map((l) => l.id))).toEqual(new Set(ids));

    const dashboard = async (path: string) =>
      (
        await fetch(`${b.url}/v1/dashboard/${path}?study=scale`, { headers: { Authorization: `Bearer ${admin}` } })
      ).json();
    const traces = sent.filter((i) => i.type === 'trace-upsert').length;
    const events = sent.length - traces;
    const [day] = (await dashboard('events-per-day')).days;
    expect({ events: day.events, traces: day.traces }).toEqual({ events, traces });
    const feedback = (await dashboard('feedback')).feedback as { site: string; count: number }[];
    // No event is left under "trace not received yet", whichever process stored its trace.
    expect(feedback.filter((f) => f.site === '')).toEqual([]);
    expect(feedback.reduce((sum, f) => sum + f.count, 0)).toBe(events);
    const reads = (await dashboard('reads')).reads as { count: number }[];
    expect(reads.reduce((sum, r) => sum + r.count, 0)).toBe(traces);
    expect(await dashboard('participants')).toMatchObject({ enrolled: PARTICIPANTS, active: PARTICIPANTS });
    // No transaction failed on the way (a deadlock would have been a 500 and a retry).
    expect(`${a.log()}${b.log()}`).not.toMatch(/"level":"error"/);
  });

  it('shares one rate-limit bucket per token between the processes with RATE_LIMIT_SHARED=1', async () => {
    const shared = { RATE_LIMIT_SHARED: '1', RATE_LIMIT_BURST: '6', RATE_LIMIT_RPS: '0.001' };
    const [c, d] = await Promise.all([spawnCollector({ ...env, ...shared }), spawnCollector({ ...env, ...shared })]);
    try {
      const token = await createToken(env, 'limited');
      const whoami = (url: string) => fetch(`${url}/v1/whoami`, { headers: { Authorization: `Bearer ${token}` } });
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => whoami(i % 2 ? c.url : d.url)));
      const statuses = answers.map((res) => res.status).sort();
      // Six in all, not six per process.
      expect(statuses).toEqual([...Array(6).fill(200), ...Array(6).fill(429)]);
      const refused = answers.find((res) => res.status === 429);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await Promise.all([c.stop(), d.stop()]);
    }
  });
});
