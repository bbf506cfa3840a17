import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { createEventWriter } from '../../../storage/event-writer';
import { DEFAULT_REDACTION_RULES } from '../../../storage/queries/redaction-rules';
import { countOutbox, countUnqueued } from '../../../storage/sync/outbox';
import { upsertTrace } from '../../../storage/trace-store';
import { makeEvent } from '../../../utils/content/make-event';
import { createSyncEngine } from '../../../utils/sync/engine';
import { CONSENT_VERSION, DEFAULT_SYNC_SETTINGS } from '../../../utils/sync/settings';
import { memorySyncState } from '../../../utils/sync/state';
import { uuidv7 } from '../../../utils/uuidv7';
import { thumbs, traceDraft } from '../../support/factories';

// Answers the real collector never gives (a 5xx item, an item left out) need a scripted endpoint; everything the
// real collector does answer is tested against it in tests/sync/.
const opened: StagebackDB[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function setUp(rules = DEFAULT_REDACTION_RULES) {
  const db = new StagebackDB(`engine-${uuidv7()}`);
  await db.open();
  opened.push(db);
  const writer = createEventWriter(db, { outboxMode: () => 'pending' });
  const { traceId } = await upsertTrace(db, traceDraft({ query: 'mail me at jane.doe@example.org' }));
  const bodies: { batch: { id: string; type: string; body: unknown }[] }[] = [];
  const state = memorySyncState();
  const engine = (answer: (ids: string[]) => unknown) =>
    createSyncEngine({
      db,
      state,
      rules: async () => rules,
      settings: async () => ({
        ...DEFAULT_SYNC_SETTINGS,
        token: '',
        enabled: true,
        endpoint: 'https://collector.example.org/v1/ingest',
        consent: { version: CONSENT_VERSION, at: new Date().toISOString() },
      }),
      random: () => 0.5,
      fetch: async (_url, init) => {
        const gz = new Response(init?.body as BodyInit).body?.pipeThrough(new DecompressionStream('gzip'));
        const body = JSON.parse(await new Response(gz).text());
        bodies.push(body);
        return new Response(JSON.stringify(answer(body.batch.map((i: { id: string }) => i.id))), { status: 207 });
      },
    });
  return { db, writer, traceId, bodies, state, engine };
}

describe('per-item results', () => {
  it('marks confirmed items sent, refused ones dead with the reason, and retries 5xx and unmentioned ones', async () => {
    const { db, writer, traceId, state, engine } = await setUp();
    const [ok, dup, bad, flaky, missing] = Array.from({ length: 5 }, () => thumbs(traceId));
    await writer.write([ok, dup, bad, flaky, missing].map((e) => e as NonNullable<typeof e>));
    const id = (e: { id: string } | undefined) => e?.id ?? '';
    const report = await engine((ids) => ({
      successes: [
        { id: ids[0], status: 201, result: 'created' }, // the trace
        { id: id(ok), status: 201, result: 'created' },
        { id: id(dup), status: 200, result: 'duplicate' },
      ],
      errors: [
        { id: id(bad), status: 400, message: 'item 3: invalid feedback-event body: body.value: nope' },
        { id: id(flaky), status: 503, message: 'try again' },
        { id: null, status: 400, message: 'item 9: not an object' },
      ],
    })).run();
    expect(report).toEqual({ sent: 2, dead: 1, retried: 2, stopped: null });
    const row = (e: { id: string } | undefined) => db.outbox.get(id(e));
    // Confirmed rows leave the outbox; their trace's sync record keeps their ids.
    expect(await row(ok)).toBeUndefined();
    expect(await row(dup)).toBeUndefined();
    expect((await db.syncedTraces.get(traceId))?.sentEvents).toEqual([id(ok), id(dup)]);
    expect(await countOutbox(db)).toEqual({ pending: 2, held: 0, sent: 2, dead: 1, skipped: 0 });
    expect(await countUnqueued(db)).toBe(0);
    expect(await row(bad)).toMatchObject({
      state: 'dead',
      lastError: '400: item 3: invalid feedback-event body: body.value: nope',
    });
    for (const e of [flaky, missing]) {
      const r = await row(e);
      expect(r).toMatchObject({ state: 'pending', attempts: 1, lastError: 'the collector did not confirm this event' });
      expect(r?.nextAttemptAt).toBeGreaterThan(Date.now());
    }
    expect((await db.syncedTraces.get(traceId))?.contentHash).toMatch(/\w/);
    expect(state.value).toMatchObject({ condition: 'idle', failures: 0 });
    expect(await db.events.count()).toBe(5);
  });

  it('sends a trace again only when its content changed', async () => {
    const { db, writer, traceId, bodies, engine } = await setUp();
    const all = (ids: string[]) => ({ successes: ids.map((id) => ({ id, status: 201 })), errors: [] });
    await writer.write([thumbs(traceId)]);
    await engine(all).run();
    await writer.write([thumbs(traceId)]);
    await engine(all).run();
    const trace = await db.traces.get(traceId);
    await db.traces.put({ ...(trace as NonNullable<typeof trace>), answer: { ...trace!.answer, text: 'changed' } });
    await writer.write([thumbs(traceId)]);
    await engine(all).run();
    expect(bodies.map((b) => b.batch.map((i) => i.type))).toEqual([
      ['trace-upsert', 'feedback-event'],
      ['feedback-event'],
      ['trace-upsert', 'feedback-event'],
    ]);
  });
});

describe('redaction before sending', () => {
  it('a redacted email never leaves, in the trace or in the event; the stored records keep it', async () => {
    const { db, writer, traceId, bodies, engine } = await setUp({ ...DEFAULT_REDACTION_RULES, emails: true });
    const comment = makeEvent(traceId, {
      stage: 'overall',
      target: { type: 'stage' },
      kind: 'comment',
      value: 'write to jane.doe@example.org',
    });
    await writer.write([comment]);
    await engine((ids) => ({ successes: ids.map((id) => ({ id, status: 201 })), errors: [] })).run();
    const sent = JSON.stringify(bodies);
    expect(sent).not.toContain('jane.doe@example.org');
    expect(sent).not.toContain('jane.doe%40example.org');
    expect(sent).toContain('█'.repeat('jane.doe@example.org'.length));
    expect((await db.events.get(comment.id))?.value).toBe('write to jane.doe@example.org');
    expect((await db.traces.get(traceId))?.query).toContain('jane.doe@example.org');
  });
});
