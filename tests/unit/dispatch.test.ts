import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { type BackgroundDeps, dispatch, storageError } from '../../utils/background/dispatch';
import { uuidv7 } from '../../utils/uuidv7';
import { thumbs, traceDraft } from '../support/factories';

let deps: BackgroundDeps;
beforeEach(async () => {
  const db = new StagebackDB(`dispatch-${uuidv7()}`);
  deps = { db, writer: createEventWriter(db) };
});
afterEach(async () => {
  deps.db.close();
  await Dexie.delete(deps.db.name);
});

describe('background message boundary', () => {
  it('captures a trace and records its events', async () => {
    const draft = traceDraft();
    const captured = await dispatch('captureTrace', draft, deps);
    expect(captured).toEqual({ ok: true, data: { traceId: draft.id, created: true } });
    const recorded = await dispatch('recordEvents', [thumbs(draft.id)], deps);
    expect(recorded).toEqual({ ok: true, data: { stored: 1, duplicates: 0, rejected: [] } });
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an empty batch', []],
    ['an event with a bad stage', [{ ...thumbs(uuidv7()), stage: 'ranking' }]],
    ['an event with extra HTML in an id', [{ ...thumbs(uuidv7()), id: '<img src=x onerror=alert(1)>' }]],
  ])('answers %s with a typed error and stores nothing', async (_name, data) => {
    const reply = await dispatch('recordEvents', data, deps);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid_message');
      expect(reply.error.issues?.length).toBeGreaterThan(0);
    }
    expect(await deps.db.events.count()).toBe(0);
  });

  it('rejects a whole batch when one event is invalid', async () => {
    const draft = traceDraft();
    await dispatch('captureTrace', draft, deps);
    const reply = await dispatch('recordEvents', [thumbs(draft.id), { ...thumbs(draft.id), origin: 'robot' }], deps);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.issues?.[0]?.path).toBe('1.origin');
    expect(await deps.db.events.count()).toBe(0);
  });

  it('reports a full disk as quota_exceeded', () => {
    const quota = Object.assign(new Error('QuotaExceededError'), {
      name: 'AbortError',
      inner: { name: 'QuotaExceededError' },
    });
    expect(storageError(quota).code).toBe('quota_exceeded');
    expect(storageError(new Error('boom')).code).toBe('storage_failed');
  });
});
