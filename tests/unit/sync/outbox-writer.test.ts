import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { deleteEvents, deleteTraces } from '../../../storage/delete';
import { createEventWriter, type OutboxMode } from '../../../storage/event-writer';
import {
  approveHeld,
  countOutbox,
  countUnqueued,
  queueUnqueued,
  readByIds,
  recordSent,
  skipHeld,
} from '../../../storage/sync/outbox';
import { upsertTrace } from '../../../storage/trace-store';
import { uuidv7 } from '../../../utils/uuidv7';
import { spanLabel, thumbs, traceDraft } from '../../support/factories';

const opened: StagebackDB[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** A database whose writes to `failTable` fail (as a full disk or a crash mid-transaction would). */
async function openDb(failTable?: string): Promise<StagebackDB> {
  const db = new StagebackDB(`outbox-${uuidv7()}`);
  if (failTable) {
    db.use({
      stack: 'dbcore',
      name: 'fail-writes',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== failTable) return table;
          return { ...table, mutate: async () => Promise.reject(new Error(`writing ${name} failed`)) };
        },
      }),
    });
  }
  await db.open();
  opened.push(db);
  return db;
}

describe('outbox rows are written with their events, in the same transaction', () => {
  it('queues each stored event (not duplicates, not rejected ones) in the state sync asks for', async () => {
    const db = await openDb();
    let mode: OutboxMode = 'pending';
    const queued: number[] = [];
    const writer = createEventWriter(db, { outboxMode: () => mode, onQueued: (n) => queued.push(n) });
    const { traceId } = await upsertTrace(db, traceDraft());
    const a = thumbs(traceId);
    await writer.write([a, spanLabel(traceId), thumbs(uuidv7())]);
    await writer.write([a]);
    mode = 'held';
    const b = spanLabel(traceId);
    await writer.write([b]);
    mode = 'off';
    await writer.write([thumbs(traceId)]);
    expect(queued).toEqual([2, 1]);
    expect(await countOutbox(db)).toEqual({ pending: 2, held: 1, sent: 0, dead: 0, skipped: 0 });
    expect(await db.outbox.get(b.id)).toMatchObject({ traceId, state: 'held', attempts: 0 });
    expect(await countUnqueued(db)).toBe(1);
  });

  it('an event write that fails leaves no outbox row', async () => {
    const db = await openDb('events');
    const writer = createEventWriter(db, { outboxMode: () => 'pending' });
    await db.traces.put({ ...traceDraft(), contentHash: 'a'.repeat(64) });
    const traceId = (await db.traces.toCollection().first())?.id ?? '';
    await expect(writer.write([thumbs(traceId)])).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
  });

  it('an outbox write that fails leaves no event (and no counter change)', async () => {
    const db = await openDb('outbox');
    const writer = createEventWriter(db, { outboxMode: () => 'pending' });
    const { traceId } = await upsertTrace(db, traceDraft());
    await expect(writer.write([thumbs(traceId)])).rejects.toThrow(/outbox failed/);
    expect(await db.events.count()).toBe(0);
    expect(await db.aggregates.count()).toBe(0);
    // With sync off the outbox is not part of the transaction at all.
    const plain = createEventWriter(db, { outboxMode: () => 'off' });
    expect((await plain.write([thumbs(traceId)])).stored).toBe(1);
  });
});

describe('outbox review and backfill', () => {
  it('approves or skips held items, and queues events recorded while sync was off exactly once', async () => {
    const db = await openDb();
    const { traceId } = await upsertTrace(db, traceDraft());
    const off = createEventWriter(db);
    await off.write([thumbs(traceId), spanLabel(traceId), spanLabel(traceId)]);
    expect(await countUnqueued(db)).toBe(3);
    expect(await queueUnqueued(db, 'held', 2)).toBe(3);
    expect(await queueUnqueued(db, 'held')).toBe(0);
    const [first, ...rest] = (await db.outbox.toArray()).map((r) => r.eventId);
    expect(await approveHeld(db, [first ?? ''])).toBe(1);
    expect(await approveHeld(db, [first ?? ''])).toBe(0); // not held any more
    expect(await skipHeld(db, [rest[0] ?? ''])).toBe(1);
    expect(await approveHeld(db, 'all')).toBe(1);
    expect(await countOutbox(db)).toEqual({ pending: 2, held: 0, sent: 0, dead: 0, skipped: 1 });
    expect(await db.events.count()).toBe(3);
  });
});

describe('recording what the collector confirmed', () => {
  it('deletes confirmed rows (around rows that are not part of the batch), keeps their ids per trace, and counts them', async () => {
    const db = await openDb();
    const { traceId } = await upsertTrace(db, traceDraft());
    const events = Array.from({ length: 10 }, () => thumbs(traceId));
    await createEventWriter(db, { outboxMode: () => 'pending' }).write(events);
    const ids = events.map((e) => e.id).sort(); // key order (ids made in the same millisecond are not ordered)
    // 3 and 6 are not in the batch (another state, a later batch); 9 was deleted while the batch was in flight.
    await db.outbox.delete(ids[9] as string);
    const confirmed = ids.filter((_, i) => i !== 3 && i !== 6).map((eventId) => ({ eventId, traceId }));
    expect(await recordSent(db, confirmed, [{ id: traceId, contentHash: 'h' }])).toBe(7);
    expect((await db.outbox.toArray()).map((r) => r.eventId)).toEqual([ids[3], ids[6]]);
    expect(await db.syncedTraces.get(traceId)).toEqual({
      id: traceId,
      contentHash: 'h',
      sentEvents: ids.filter((_, i) => i !== 3 && i !== 6 && i !== 9),
    });
    expect(await countOutbox(db)).toMatchObject({ pending: 2, sent: 7 });
    // Recording the same confirmation twice changes nothing.
    expect(await recordSent(db, confirmed)).toBe(0);
    expect(await countOutbox(db)).toMatchObject({ sent: 7 });
    // 9 has no row and was not confirmed: it counts as recorded while sync was off.
    expect(await countUnqueued(db)).toBe(1);
    expect(await queueUnqueued(db, 'pending')).toBe(1);
    expect(await db.outbox.get(ids[9] as string)).toMatchObject({ state: 'pending' });
  });

  it('deletes scattered confirmed rows one by one, leaving the rows between them', async () => {
    const db = await openDb();
    const { traceId } = await upsertTrace(db, traceDraft());
    const events = Array.from({ length: 60 }, () => thumbs(traceId));
    await createEventWriter(db, { outboxMode: () => 'pending' }).write(events);
    const ids = events.map((e) => e.id).sort();
    const confirmed = ids.filter((_, i) => i % 10 === 0);
    expect(
      await recordSent(
        db,
        confirmed.map((eventId) => ({ eventId, traceId })),
      ),
    ).toBe(6);
    expect((await db.outbox.toArray()).map((r) => r.eventId)).toEqual(ids.filter((_, i) => i % 10 !== 0));
    expect(await countOutbox(db)).toMatchObject({ pending: 54, sent: 6 });
  });

  it('deleting sent events or their answer lowers the sent count, so nothing is counted as unqueued', async () => {
    const db = await openDb();
    const a = await upsertTrace(db, traceDraft());
    const b = await upsertTrace(db, traceDraft({ query: 'another question' }));
    const ofA = [thumbs(a.traceId), spanLabel(a.traceId), thumbs(a.traceId)];
    const ofB = [thumbs(b.traceId), thumbs(b.traceId)];
    await createEventWriter(db, { outboxMode: () => 'pending' }).write([...ofA, ...ofB]);
    await recordSent(
      db,
      [...ofA, ...ofB].map((e) => ({ eventId: e.id, traceId: e.traceId })),
    );
    expect(await countOutbox(db)).toMatchObject({ pending: 0, sent: 5 });
    await deleteEvents(db, [ofA[1]?.id ?? '']);
    expect(await countOutbox(db)).toMatchObject({ sent: 4 });
    expect((await db.syncedTraces.get(a.traceId))?.sentEvents).toEqual([ofA[0]?.id, ofA[2]?.id]);
    await deleteTraces(db, [b.traceId]);
    expect(await countOutbox(db)).toMatchObject({ sent: 2 });
    expect(await db.syncedTraces.get(b.traceId)).toBeUndefined();
    expect(await countUnqueued(db)).toBe(0);
    expect(await queueUnqueued(db, 'pending')).toBe(0);
  });
});

describe('reading records by id', () => {
  it('returns them in the order asked, with undefined for missing ones, whether the ids are close or scattered', async () => {
    const db = await openDb();
    const { traceId } = await upsertTrace(db, traceDraft());
    const events = Array.from({ length: 300 }, () => thumbs(traceId));
    await createEventWriter(db).write(events);
    const ids = events.map((e) => e.id);
    const close = [...ids.slice(100, 200)].reverse();
    expect((await readByIds(db.events, close)).map((e) => e?.id)).toEqual(close);
    const scattered = [...ids.filter((_, i) => i % 4 === 0), uuidv7()];
    const found = await readByIds(db.events, scattered);
    expect(found.map((e) => e?.id)).toEqual([...scattered.slice(0, -1), undefined]);
  });
});
