import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { aggregateKey, localDay } from '../../storage/aggregates';
import { CURRENT_DB_VERSION, SCHEMA_VERSIONS, StagebackDB } from '../../storage/db';
import { summarizeHealth } from '../../storage/reading-health';
import { countOutbox, countUnqueued } from '../../storage/sync/outbox';
import { contentHash, linkRefinedTrace, refinedAnswersOf, upsertTrace } from '../../storage/trace-store';
import { uuidv7 } from '../../utils/uuidv7';
import { spanLabel, thumbs, traceDraft } from '../support/factories';

const NAME = 'upgrade-test';

afterEach(() => Dexie.delete(NAME));

describe('database upgrade from version 1', () => {
  it('keeps every trace and event and builds the dashboard aggregates', async () => {
    const v1 = new Dexie(NAME);
    v1.version(1).stores(SCHEMA_VERSIONS[1]);
    const traces = await Promise.all(
      [traceDraft(), traceDraft({ siteId: 'perplexity', query: 'other' })].map(async (d) => ({
        ...d,
        contentHash: await contentHash(d),
      })),
    );
    const [a, b] = traces as [(typeof traces)[0], (typeof traces)[0]];
    const events = [thumbs(a.id), spanLabel(a.id), spanLabel(b.id, 'unverifiable')];
    await v1.table('traces').bulkAdd(traces);
    await v1.table('events').bulkAdd(events);
    v1.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect(await db.traces.toArray()).toHaveLength(2);
    expect((await db.events.toArray()).map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(await db.events.get(events[1]?.id ?? '')).toEqual(events[1]);

    const count = async (name: string) => (await db.aggregates.get(aggregateKey('all', name)))?.count;
    expect(await count('events')).toBe(3);
    expect(await count('answers')).toBe(2);
    expect(await count('stage=answer')).toBe(2);
    expect(await count('site=perplexity')).toBe(1);
    expect(await count('label=unverifiable')).toBe(1);
    const today = localDay(events[0]?.createdAt ?? '');
    expect((await db.aggregates.get(aggregateKey(`d:${today}`, 'events')))?.count).toBe(3);
    expect((await db.traces.get(a.id))?.firstFeedbackAt).toBe(events[0]?.createdAt);
    db.close();
  });
});

describe('database upgrade from version 2', () => {
  it('gives outbox rows their trace id and queue time, drops rows of missing events, and keeps states', async () => {
    const v2 = new Dexie(NAME);
    v2.version(2).stores(SCHEMA_VERSIONS[2]);
    const draft = traceDraft();
    const trace = { ...draft, contentHash: await contentHash(draft) };
    const [a, b] = [thumbs(trace.id), spanLabel(trace.id)];
    await v2.table('traces').add(trace);
    await v2.table('events').bulkAdd([a, b]);
    await v2.table('outbox').bulkAdd([
      { eventId: a.id, state: 'pending', attempts: 0, nextAttemptAt: 5 },
      { eventId: b.id, state: 'dead', attempts: 3, nextAttemptAt: 9, lastError: '400: invalid' },
      { eventId: 'gone', state: 'pending', attempts: 0, nextAttemptAt: 0 },
    ]);
    v2.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect(await db.outbox.get('gone')).toBeUndefined();
    expect(await db.outbox.get(a.id)).toEqual({
      eventId: a.id,
      traceId: trace.id,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 5,
      queuedAt: 5,
    });
    expect(await db.outbox.get(b.id)).toMatchObject({ traceId: trace.id, state: 'dead', lastError: '400: invalid' });
    expect(await db.syncedTraces.count()).toBe(0);
    expect(await db.events.count()).toBe(2);
    db.close();
  });
});

describe('database upgrade from version 3', () => {
  it('moves sent outbox rows into their trace sync record and counts them, keeping every other row', async () => {
    const v3 = new Dexie(NAME);
    v3.version(3).stores(SCHEMA_VERSIONS[3]);
    const draft = traceDraft();
    const trace = { ...draft, contentHash: await contentHash(draft) };
    const [a, b, c, d] = [thumbs(trace.id), spanLabel(trace.id), thumbs(trace.id), thumbs(trace.id)];
    await v3.table('traces').add(trace);
    await v3.table('events').bulkAdd([a, b, c, d]);
    const row = (eventId: string, state: string) => ({
      eventId,
      traceId: trace.id,
      state,
      attempts: 1,
      nextAttemptAt: 0,
      queuedAt: 1,
    });
    await v3.table('outbox').bulkAdd([row(a.id, 'sent'), row(b.id, 'sent'), row(c.id, 'pending')]);
    await v3.table('syncedTraces').add({ id: trace.id, contentHash: 'h1' });
    v3.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect((await db.outbox.toArray()).map((r) => r.eventId)).toEqual([c.id]);
    const synced = await db.syncedTraces.get(trace.id);
    expect({ ...synced, sentEvents: synced?.sentEvents?.sort() }).toEqual({
      id: trace.id,
      contentHash: 'h1',
      sentEvents: [a.id, b.id].sort(),
    });
    expect(await countOutbox(db)).toEqual({ pending: 1, held: 0, sent: 2, dead: 0, skipped: 0 });
    expect(await countUnqueued(db)).toBe(1); // d was never queued
    db.close();
  });
});

describe('database upgrade from version 4', () => {
  it('adds the secrets table and keeps everything else', async () => {
    const v4 = new Dexie(NAME);
    v4.version(4).stores(SCHEMA_VERSIONS[4]);
    const draft = traceDraft();
    const trace = { ...draft, contentHash: await contentHash(draft) };
    const event = thumbs(trace.id);
    await v4.table('traces').add(trace);
    await v4.table('events').add(event);
    await v4
      .table('outbox')
      .add({ eventId: event.id, traceId: trace.id, state: 'pending', attempts: 0, nextAttemptAt: 0, queuedAt: 1 });
    v4.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect(await db.events.get(event.id)).toEqual(event);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.secrets.count()).toBe(0);
    await db.secrets.put({ key: 'syncToken', value: 'sbk_x' });
    expect(await db.secrets.get('syncToken')).toEqual({ key: 'syncToken', value: 'sbk_x' });
    db.close();
  });
});

describe('database upgrade from version 5', () => {
  it('keeps every trace, event and secret, and finds an answer’s refinements by the new link', async () => {
    const v5 = new Dexie(NAME);
    v5.version(5).stores(SCHEMA_VERSIONS[5]);
    const drafts = [traceDraft(), traceDraft({ query: 'refined' })];
    const [original, refined] = await Promise.all(
      drafts.map(async (d) => ({ ...d, contentHash: await contentHash(d) })),
    );
    if (!original || !refined) throw new Error('two traces');
    const event = thumbs(original.id);
    await v5.table('traces').bulkAdd([original, refined]);
    await v5.table('events').add(event);
    await v5.table('secrets').add({ key: 'syncToken', value: 'sbk_x' });
    v5.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect(await db.traces.get(original.id)).toEqual(original);
    expect(await db.events.get(event.id)).toEqual(event);
    expect(await db.secrets.get('syncToken')).toEqual({ key: 'syncToken', value: 'sbk_x' });
    expect(await refinedAnswersOf(db, original.id)).toEqual([]);

    const link = { traceId: original.id, refinementId: event.id };
    expect(await linkRefinedTrace(db, refined.id, link)).toBe(true);
    expect(await linkRefinedTrace(db, refined.id, link)).toBe(false); // linked once
    expect((await refinedAnswersOf(db, original.id)).map((t) => t.id)).toEqual([refined.id]);
    // The refined answer keeps streaming: its updates keep the link.
    await upsertTrace(db, { ...drafts[1], id: refined.id, answer: { ...refined.answer, text: 'longer now' } } as never);
    expect((await db.traces.get(refined.id))?.refinedFrom).toEqual(link);
    db.close();
  });
});

describe('database upgrade from version 6', () => {
  it('keeps every trace as it was and builds each site’s reading health from its latest 20 answers', async () => {
    const v6 = new Dexie(NAME);
    v6.version(6).stores(SCHEMA_VERSIONS[6]);
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    // 22 Google answers (the two oldest fall outside the window), the latest without sources; one Perplexity
    // answer without sources, one ChatGPT answer without sources (ChatGPT may answer without searching).
    const google = Array.from({ length: 22 }, (_, i) =>
      traceDraft({ id: uuidv7(Date.UTC(2026, 0, 1, 0, i)), capturedAt: at(i), query: `q${i}` }),
    );
    const latest = google[21];
    if (latest) latest.sources = [];
    const perplexity = traceDraft({ siteId: 'perplexity', query: 'p', sources: [] });
    const chatgpt = traceDraft({ siteId: 'chatgpt', query: 'c', sources: [] });
    const traces = await Promise.all(
      [...google, perplexity, chatgpt].map(async (d) => ({ ...d, contentHash: await contentHash(d) })),
    );
    await v6.table('traces').bulkAdd(traces);
    v6.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    // Stored traces are not rewritten (no sync content changes): their reading is derived where it is needed.
    expect(await db.traces.get(perplexity.id)).toEqual(traces.at(-2));
    const g = await db.readingHealth.get('google-ai-overview');
    expect(g?.recent.map((e) => e.traceId)).toEqual(
      google
        .slice(2)
        .reverse()
        .map((t) => t.id),
    );
    expect(g?.recent[0]?.readPaths).toEqual({ answer: 'exact', query: 'exact', sources: 'none' });
    expect(g?.recent[1]?.readPaths).toEqual({ answer: 'exact', query: 'exact', sources: 'exact', citations: 'exact' });
    expect(summarizeHealth(g?.recent ?? [])).toEqual({ answers: 20, full: 19, missing: { sources: 1 }, fallback: 0 });
    expect((await db.readingHealth.get('perplexity'))?.recent[0]?.readPaths.sources).toBe('none');
    expect((await db.readingHealth.get('chatgpt'))?.recent[0]?.readPaths).toEqual({ answer: 'exact', query: 'exact' });

    // Answers stored from now on are noted as they come, with the paths the adapter reported.
    const next = traceDraft({
      siteId: 'perplexity',
      query: 'new',
      readPaths: { answer: 'structural', sources: 'exact' },
    });
    await upsertTrace(db, next);
    const p = await db.readingHealth.get('perplexity');
    expect(p?.recent.map((e) => e.readPaths)).toEqual([
      { answer: 'structural', sources: 'exact' },
      { answer: 'exact', query: 'exact', sources: 'none' },
    ]);
    expect((await db.traces.get(next.id))?.readPaths).toEqual({ answer: 'structural', sources: 'exact' });
    db.close();
  });
});

describe('database upgrade from version 7', () => {
  it('keeps every trace and event and builds the shadow profile from the stored judgements', async () => {
    const v7 = new Dexie(NAME);
    v7.version(7).stores(SCHEMA_VERSIONS[7]);
    const draft = traceDraft();
    const trace = { ...draft, contentHash: await contentHash(draft) };
    const source = trace.sources[0];
    if (!source) throw new Error('the factory trace has a source');
    const flag = (n: number) => ({
      ...thumbs(trace.id),
      id: `019ac1f2-0000-7000-8000-00000000000${n}`,
      stage: 'retrieval' as const,
      target: { type: 'source' as const, sourceId: source.id },
      kind: 'label' as const,
      value: { label: 'unreliable_source' as const },
    });
    const events = [thumbs(trace.id, -1), flag(1), flag(2)];
    await v7.table('traces').add(trace);
    await v7.table('events').bulkAdd(events);
    v7.close();

    const db = new StagebackDB(NAME);
    await db.open();
    expect(db.verno).toBe(CURRENT_DB_VERSION);
    expect(await db.traces.get(trace.id)).toEqual(trace);
    expect(await db.events.count()).toBe(3);
    const domain = await db.shadowProfile.get(`d|${source.domain}`);
    const stats = domain && 'domain' in domain ? domain.domain : null;
    expect(stats).toMatchObject({ flags: 2, labels: 2, good: 0, shown: 1 });
    expect(stats?.bad).toBeCloseTo(2, 5);
    expect(await db.shadowProfile.get('q')).toEqual({ key: 'q', queries: 1 });
    db.close();
  });
});
