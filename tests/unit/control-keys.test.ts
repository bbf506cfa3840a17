import { describe, expect, it } from 'vitest';
import { type AnswerStore, controlKey, createAnswerStore } from '../../components/overlay/state/answer-store';
import { givenFrom, keyOf, spanKey } from '../../components/overlay/state/control-keys';
import type { FeedbackEvent } from '../../storage/schema';
import { traceDraft } from '../support/factories';

async function giveAll(store: AnswerStore) {
  const s = store.getState();
  await s.give(controlKey('overall', 'stage', 'thumbs'), {
    stage: 'overall',
    target: { type: 'stage' },
    kind: 'rating',
    value: { scale: 'thumbs', score: 1 },
  });
  await s.give(controlKey('retrieval', 'source:s1', 'relevance'), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 's1' },
    kind: 'relevance',
    value: 2,
  });
  await s.give(controlKey('retrieval', 'source:s1', 'label:outdated'), {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 's1' },
    kind: 'label',
    value: { label: 'outdated' },
  });
  await s.give(controlKey('answer', 'citation:t1:s1', 'support'), {
    stage: 'answer',
    target: { type: 'citation', sentenceId: 't1', sourceId: 's1' },
    kind: 'label',
    value: { label: 'supports' },
  });
  await s.give(controlKey('answer', spanKey(25, 40), 'label:incorrect'), {
    stage: 'answer',
    target: {
      type: 'span',
      quote: { type: 'TextQuoteSelector', exact: 'Most adults need', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 25, end: 40 },
    },
    kind: 'label',
    value: { label: 'incorrect' },
  });
  await s.give(controlKey('decomposition', 'stage', 'reorder'), {
    stage: 'decomposition',
    target: { type: 'stage' },
    kind: 'edit',
    value: { op: 'reorder', before: ['a', 'b'], after: ['b', 'a'] },
  });
}

describe('control keys', () => {
  it('map every stored event back to the control that gave it', async () => {
    const sent: FeedbackEvent[] = [];
    const store = createAnswerStore(traceDraft(), async (events) => {
      sent.push(...events);
      return { ok: true };
    });
    store.getState().setTrace(store.getState().trace, store.getState().trace.id);
    await giveAll(store);
    expect(givenFrom(sent)).toEqual(store.getState().given);
  });

  it('gives items the user added a key of their own, and skips passive signals', () => {
    const [added] = Object.values(
      givenFrom([
        {
          id: '019ac1f2-b155-7034-b15d-9d8e7f6a5b42',
          schemaVersion: 1,
          traceId: '019ac1f2-7a10-7cc1-9a53-3e1f2b4d5e60',
          createdAt: '2026-11-26T20:42:01.118Z',
          stage: 'decomposition',
          target: { type: 'stage' },
          kind: 'edit',
          value: { op: 'add', before: null, after: 'shift work' },
          origin: 'user',
        },
      ]),
    );
    expect(added && keyOf(added)).toBe('decomposition|added:019ac1f2-b155-7034-b15d-9d8e7f6a5b42|add');
    expect(
      keyOf({
        ...(added as FeedbackEvent),
        kind: 'implicit',
        origin: 'implicit',
        value: { signal: 'copy' },
      } as FeedbackEvent),
    ).toBeNull();
  });
});
