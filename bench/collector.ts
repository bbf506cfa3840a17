/**
 * The reference collector: ingest throughput over HTTP against the raw insert rate of its SQLite store
 * layer in the same run, and the time to drain a 100,000-event backlog. Loopback only.
 */
import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { type ValidItem, validateItem } from '../collector/src/envelope';
import { SqliteStore } from '../collector/src/store/sqlite';
import { type EnvelopeItem, item, relevanceEvent, stageEvents, trace } from '../collector/tests/support/items';
import { createToken, spawnCollector, tempDataDir } from '../collector/tests/support/process';
import type { Figure } from './report';

const EVENTS = 60_000;
const BACKLOG = 100_000;
const WARM_UP_EVENTS = 20_000;
const BATCH_BYTES = 1_000_000;
const TARGET_EVENTS_PER_SECOND = 20_000;
const DRAIN_TARGET_SECONDS = 30;

/** `events` feedback events in traces with a mix of stages (one of each stage, then source grades), each trace
 * sent before its events: about 25 items per trace. */
export function workload(events: number): EnvelopeItem[] {
  const items: EnvelopeItem[] = [];
  let count = 0;
  while (count < events) {
    const t = trace();
    items.push(item('trace-upsert', t));
    const ofTrace = [...stageEvents(t.id), ...Array.from({ length: 20 }, (_, i) => relevanceEvent(t.id, i))];
    for (const e of ofTrace.slice(0, events - count)) items.push(item('feedback-event', e));
    count += Math.min(ofTrace.length, events - count);
  }
  return items;
}

/** Consecutive slices whose JSON envelope is about 1 MB, as the extension's sync sends them. */
export function batches(items: EnvelopeItem[]): EnvelopeItem[][] {
  const out: EnvelopeItem[][] = [];
  let current: EnvelopeItem[] = [];
  let size = 12;
  for (const it of items) {
    const itemSize = JSON.stringify(it).length + 1;
    if (current.length > 0 && size + itemSize > BATCH_BYTES) {
      out.push(current);
      current = [];
      size = 12;
    }
    current.push(it);
    size += itemSize;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Events/s of the store layer alone: validated items into SqliteStore.ingest, batch by batch. */
export async function rawStoreRate(groups: EnvelopeItem[][]): Promise<number> {
  const dir = tempDataDir();
  const store = new SqliteStore(dir);
  await store.migrate();
  const validated = groups.map((group) =>
    group.map((raw, i) => {
      const result = validateItem(raw, i);
      if (!('item' in result)) throw new Error(result.error.message);
      return result.item;
    }),
  ) satisfies ValidItem[][];
  const t0 = performance.now();
  let count = 0;
  for (const group of validated) {
    const outcomes = await store.ingest(group, {
      participantId: null,
      owner: 'token:bench',
      studyId: null,
      storedAt: new Date().toISOString(),
    });
    if (outcomes.length !== group.length) throw new Error(`stored ${outcomes.length} of ${group.length} items`);
    count += eventsIn(group);
  }
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  await rm(dir, { recursive: true, force: true });
  return count / seconds;
}

/** Rates count feedback events; the traces sent along with them are not counted. */
const eventsIn = (group: ReadonlyArray<{ type: string }>) => group.filter((i) => i.type === 'feedback-event').length;

/** Posts one batch; returns how many feedback events it carried, once the collector confirmed every item. */
async function post(url: string, token: string, group: EnvelopeItem[], body = JSON.stringify({ batch: group })) {
  const res = await fetch(`${url}/v1/ingest`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body,
  });
  if (res.status !== 207) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  const answer = (await res.json()) as { successes: unknown[]; errors: unknown[] };
  if (answer.errors.length > 0) throw new Error(`ingest reported errors: ${JSON.stringify(answer.errors[0])}`);
  if (answer.successes.length !== group.length)
    throw new Error(`ingest confirmed ${answer.successes.length} of ${group.length}`);
  return eventsIn(group);
}

export async function benchCollector(): Promise<Figure[]> {
  const groups = batches(workload(EVENTS));
  const raw = await rawStoreRate(groups);

  const dataDir = tempDataDir();
  // The limiter is not what is measured here; raise it so it cannot throttle the run.
  const env = {
    DATA_DIR: dataDir,
    RATE_LIMIT_RPS: '10000',
    RATE_LIMIT_BURST: '10000',
    RATE_LIMIT_ITEMS_PER_SECOND: '10000000',
    RATE_LIMIT_ITEMS_BURST: '10000000',
  };
  const token = await createToken(env, 'bench');
  const server = await spawnCollector(env);
  try {
    // Other events first, so the server's JIT has optimised validation and storage before the clock starts:
    // a collector runs for days, and steady-state throughput is what this figure is about.
    const warmUp = batches(workload(WARM_UP_EVENTS));
    for (const group of warmUp) await post(server.url, token, group);

    const bodies = groups.map((group) => JSON.stringify({ batch: group }));
    const t0 = performance.now();
    let stored = 0;
    for (const [i, body] of bodies.entries()) stored += await post(server.url, token, groups[i] ?? [], body);
    const http = stored / ((performance.now() - t0) / 1000);

    // A fresh backlog, serialised by the client as it goes, posted one batch at a time.
    const backlog = batches(workload(BACKLOG));
    const t1 = performance.now();
    let drained = 0;
    for (const group of backlog) drained += await post(server.url, token, group);
    const drainSeconds = (performance.now() - t1) / 1000;
    if (drained !== BACKLOG) throw new Error(`drained ${drained} of ${BACKLOG} events`);

    const batchKb = Math.round((bodies[0]?.length ?? 0) / 1024);
    return [
      {
        name: 'Collector store layer: raw SQLite insert',
        value: Math.round(raw),
        unit: 'events/s',
        note: `${EVENTS.toLocaleString('en-US')} events in ${groups.length} batches of ~${batchKb} KB, validated beforehand`,
      },
      {
        name: 'Collector HTTP ingest, ~1 MB batches over loopback',
        value: Math.round(http),
        unit: 'events/s',
        baseline: { name: 'raw SQLite store insert', value: Math.round(raw) },
        note: `target ≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString('en-US')} events/s: ${http >= TARGET_EVENTS_PER_SECOND ? 'met' : 'MISSED'}`,
      },
      {
        name: `Collector drains a ${BACKLOG.toLocaleString('en-US')}-event backlog (${backlog.length} sequential batches)`,
        value: Number(drainSeconds.toFixed(2)),
        unit: 's',
        target: { max: DRAIN_TARGET_SECONDS },
      },
    ];
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const FLOODS = 5;
const FLOOD_ITEMS = 10_000;
const FLOOD_SECONDS = 6;
const HEALTH_TARGET_MS = 100;
const PROBE_GAP_MS = 25;

/** `count` items that fail validation (an empty body), about 86 bytes each: the shape of the review's flood. */
export function invalidBatch(count: number): string {
  const timestamp = new Date().toISOString();
  const batch = Array.from({ length: count }, (_, i) => ({
    id: `flood-${String(i).padStart(6, '0')}`,
    timestamp,
    type: 'feedback-event',
    body: {},
  }));
  return JSON.stringify({ batch });
}

/**
 * FLOODS clients posting `body` back to back until `endAt` (a performance.timeOrigin-based epoch ms), in a worker
 * thread so that sending 1 MB bodies does not delay the /healthz probes of the main thread; resolves to how many
 * were answered.
 */
function floodInWorker(url: string, token: string, body: string, endAt: number): Promise<number> {
  const code = `
    const { parentPort, workerData: { url, token, body, endAt, clients } } = require('node:worker_threads');
    const headers = { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' };
    let done = 0;
    const loop = async () => {
      while (Date.now() < endAt) {
        const res = await fetch(url + '/v1/ingest', { method: 'POST', headers, body });
        await res.arrayBuffer();
        if (res.status !== 207) throw new Error('flood answered ' + res.status);
        done++;
      }
    };
    Promise.all(Array.from({ length: clients }, loop)).then(() => parentPort.postMessage(done));
  `;
  const worker = new Worker(code, { eval: true, workerData: { url, token, body, endAt, clients: FLOODS } });
  return new Promise((resolve, reject) => {
    worker.once('message', (count: number) => {
      void worker.terminate();
      resolve(count);
    });
    worker.once('error', reject);
  });
}

/** Times sequential GET /healthz until `until()` says stop; ms per answer. */
async function probeHealth(url: string, until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    const res = await fetch(`${url}/healthz`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
    times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, PROBE_GAP_MS));
  }
  return times;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};

/**
 * /healthz while FLOODS clients post FLOOD_ITEMS invalid items each, back to back, against /healthz on the same
 * idle server. The rate limits are raised so every flood reaches validation: the worst case, as many tokens would
 * make it (each token's own item bucket would otherwise refuse most of them with a cheap 429).
 */
export async function benchHealthUnderFlood(): Promise<Figure[]> {
  const dataDir = tempDataDir();
  const env = {
    DATA_DIR: dataDir,
    RATE_LIMIT_RPS: '10000',
    RATE_LIMIT_BURST: '10000',
    RATE_LIMIT_ITEMS_PER_SECOND: '10000000',
    RATE_LIMIT_ITEMS_BURST: '10000000',
  };
  const token = await createToken(env, 'flood');
  const server = await spawnCollector(env);
  try {
    const body = Buffer.from(invalidBatch(FLOOD_ITEMS));
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const flood = async () => {
      const res = await fetch(`${server.url}/v1/ingest`, { method: 'POST', headers, body });
      const answer = Buffer.from(await res.arrayBuffer());
      if (res.status !== 207) throw new Error(`flood answered ${res.status}: ${answer.subarray(0, 200)}`);
      return answer.length;
    };
    const answerBytes = await flood(); // warms up validation too
    const idleEnd = performance.now() + 2_000;
    const idle = await probeHealth(server.url, () => performance.now() > idleEnd);

    const floodEnd = performance.now() + FLOOD_SECONDS * 1000;
    const flooding = floodInWorker(server.url, token, body.toString(), Date.now() + FLOOD_SECONDS * 1000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // every flood is in flight
    const busy = await probeHealth(server.url, () => performance.now() > floodEnd);
    const floods = await flooding;

    const note = (times: number[]) =>
      `${times.length} probes; median ${percentile(times, 50).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;
    return [
      {
        name: `Collector /healthz p95 while ${FLOODS} clients post ${FLOOD_ITEMS.toLocaleString('en-US')} invalid items each`,
        value: Number(percentile(busy, 95).toFixed(1)),
        unit: 'ms',
        baseline: { name: '/healthz p95 idle', value: Number(percentile(idle, 95).toFixed(1)) },
        target: { max: HEALTH_TARGET_MS },
        note: `${note(busy)}; ${floods} floods of ${Math.round(body.length / 1024)} KB in ${FLOOD_SECONDS} s, answers of ${Math.round(answerBytes / 1024)} KB; idle: ${note(idle)}`,
      },
    ];
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
