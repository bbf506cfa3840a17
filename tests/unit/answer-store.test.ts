import { describe, expect, it } from 'vitest';
import { controlKey, createAnswerStore, type Payload } from '../../components/overlay/state/answer-store';
import type { FeedbackEvent } from '../../storage/schema';
import { FeedbackEventSchema } from '../../storage/schema';
import { createEventSender, unsavedMessage } from '../../utils/content/send-events';
import { traceDraft } from '../support/factories';

function setUp(fail = false) {
  const sent: FeedbackEvent[] = [];
  const store = createAnswerStore(traceDraft(), async (events) => {
    if (fail) return { ok: false, message: 'background unreachable' };
    sent.push(...events);
    return { ok: true };
  });
  store.getState().setTrace(store.getState().trace, store.getState().trace.id);
  return { store, sent };
}

const up: Payload = {
  stage: 'overall',
  target: { type: 'stage' },
  kind: 'rating',
  value: { scale: 'thumbs', score: 1 },
};
const down: Payload = { ...up, value: { scale: 'thumbs', score: -1 } } as Payload;
const key = controlKey('overall', 'stage', 'thumbs');

describe('answer feedback store', () => {
  it('says in words what an undo took back: the feedback and what it was about', async () => {
    const { store } = setUp();
    const source = store.getState().trace.sources[0];
    const comment = controlKey('overall', 'stage', 'comment');
    await store
      .getState()
      .give(comment, { stage: 'overall', target: { type: 'stage' }, kind: 'comment', value: 'Too long' });
    await store.getState().undo();
    expect(store.getState().status.message).toBe('Undid: comment on Overall');
    expect(store.getState().given[comment]).toBeUndefined();

    const grade = controlKey('retrieval', `source:${source?.id}`, 'relevance');
    await store.getState().give(grade, {
      stage: 'retrieval',
      target: { type: 'source', sourceId: source?.id ?? '' },
      kind: 'relevance',
      value: 3,
    });
    await store.getState().retract(grade);
    await store.getState().undo();
    expect(store.getState().status.message).toBe(
      'Undid removing: relevance 3 (perfectly relevant) on source 1, sleepfoundation.org: How Much Sleep Do You Need?',
    );
    expect(store.getState().given[grade]?.kind).toBe('relevance');
  });

  it('a second choice supersedes the first', async () => {
    const { store, sent } = setUp();
    await store.getState().give(key, up);
    await store.getState().give(key, down);
    expect(sent.map((e) => e.supersedes)).toEqual([undefined, sent[0]?.id]);
    expect(store.getState().given[key]?.id).toBe(sent[1]?.id);
    for (const e of sent) expect(FeedbackEventSchema.safeParse(e).success).toBe(true);
  });

  it('retracting leaves a tombstone and clears the control', async () => {
    const { store, sent } = setUp();
    await store.getState().give(key, up);
    await store.getState().retract(key);
    expect(sent[1]).toMatchObject({ kind: 'retraction', supersedes: sent[0]?.id, stage: 'overall' });
    expect(store.getState().given[key]).toBeUndefined();
    expect(FeedbackEventSchema.safeParse(sent[1]).success).toBe(true);
  });

  it('undo restores the previous choice as a new event that supersedes the undone one', async () => {
    const { store, sent } = setUp();
    await store.getState().give(key, up);
    await store.getState().give(key, down);
    await store.getState().undo();
    const restored = sent[2];
    expect(restored).toMatchObject({ kind: 'rating', value: { score: 1 }, supersedes: sent[1]?.id });
    expect(store.getState().given[key]?.id).toBe(restored?.id);
    await store.getState().undo();
    expect(sent[3]).toMatchObject({ kind: 'retraction', supersedes: restored?.id });
    expect(store.getState().given[key]).toBeUndefined();
    expect(store.getState().history).toEqual([]);
  });

  it('keeps state unchanged and says so when saving fails', async () => {
    const { store } = setUp(true);
    expect(await store.getState().give(key, up)).toBe(false);
    expect(store.getState().given).toEqual({});
    expect(store.getState().status).toEqual({ kind: 'error', message: 'Not saved: background unreachable' });
  });

  it('shows a kept choice as made, says it is not saved, offers a retry, and says "Saved" once it is stored', async () => {
    let full = true;
    const sent: FeedbackEvent[] = [];
    const sender = createEventSender(
      async (events) => {
        if (full) return { ok: false, error: { code: 'quota_exceeded', message: 'storage is full' } };
        sent.push(...events);
        return { ok: true, data: { stored: events.length, duplicates: 0, rejected: [] } };
      },
      { setTimer: () => () => {} },
    );
    const store = createAnswerStore(traceDraft(), sender.send, sender.unsaved);
    const other = createAnswerStore(traceDraft(), sender.send, sender.unsaved);
    store.getState().setTrace(store.getState().trace, store.getState().trace.id);
    expect(await store.getState().give(key, up)).toBe(true);
    expect(store.getState().given[key]).toMatchObject({ value: { score: 1 } });
    expect(store.getState().status).toEqual({ kind: 'unsaved', message: unsavedMessage(1, 'quota_exceeded') });
    // Every strip on the page says that feedback on it is not saved.
    expect(other.getState().status.kind).toBe('unsaved');
    await store.getState().give(key, down); // supersedes the kept choice, which is sent first
    await store.getState().undo();
    expect(store.getState().status).toEqual({ kind: 'unsaved', message: unsavedMessage(3, 'quota_exceeded') });

    full = false;
    other.getState().detach();
    await store.getState().retrySaving();
    expect(sent.map((e) => e.supersedes)).toEqual([undefined, sent[0]?.id, sent[1]?.id]);
    expect(store.getState().status).toEqual({ kind: 'saved', message: 'Saved' });
    expect(other.getState().status.kind).toBe('unsaved'); // detached: no longer follows the page
  });
});
