import { describe, expect, it } from 'vitest';
import { STAGE_LABELS, STAGES } from '../../storage/labels';
import { FeedbackEventSchema, TraceDraftSchema } from '../../storage/schema';
import { makeEvent } from '../../utils/content/make-event';
import { uuidv7 } from '../../utils/uuidv7';
import { spanLabel, thumbs, traceDraft } from '../support/factories';

const traceId = uuidv7();

describe('TraceDraftSchema', () => {
  it('accepts a complete trace', () => {
    expect(TraceDraftSchema.safeParse(traceDraft()).success).toBe(true);
  });

  it('rejects sentences that run past the answer text', () => {
    const draft = traceDraft();
    draft.answer.sentences.push({ id: 'x', start: 0, end: draft.answer.text.length + 1 });
    expect(TraceDraftSchema.safeParse(draft).success).toBe(false);
  });

  it('rejects non-http source URLs (a hostile page cannot smuggle javascript: links)', () => {
    const draft = traceDraft();
    (draft.sources[0] as { url: string }).url = 'javascript:alert(1)';
    const result = TraceDraftSchema.safeParse(draft);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['sources', 0, 'url']);
  });
});

describe('FeedbackEventSchema', () => {
  it('accepts every kind the overlay produces', () => {
    const events = [
      thumbs(traceId),
      spanLabel(traceId),
      makeEvent(traceId, {
        stage: 'retrieval',
        target: { type: 'source', sourceId: 's1' },
        kind: 'relevance',
        value: 3,
      }),
      makeEvent(traceId, { stage: 'overall', target: { type: 'stage' }, kind: 'comment', value: 'too long' }),
      makeEvent(traceId, {
        stage: 'decomposition',
        target: { type: 'stage' },
        kind: 'edit',
        value: { op: 'reorder', before: ['a', 'b'], after: ['b', 'a'] },
      }),
      makeEvent(traceId, {
        stage: 'retrieval',
        target: { type: 'source', sourceId: 's1' },
        kind: 'implicit',
        value: { signal: 'source_click', position: 0 },
      }),
      makeEvent(traceId, {
        stage: 'answer',
        target: { type: 'citation', sentenceId: 't1', sourceId: 's1' },
        kind: 'label',
        value: { label: 'partially_supports' },
      }),
      makeEvent(traceId, { stage: 'overall', target: { type: 'stage' }, kind: 'retraction', value: null }, uuidv7()),
    ];
    for (const event of events) {
      const result = FeedbackEventSchema.safeParse(event);
      expect(result.error?.issues ?? []).toEqual([]);
    }
  });

  it('keeps labels to their stage', () => {
    const wrong = makeEvent(traceId, {
      stage: 'retrieval',
      target: { type: 'stage' },
      kind: 'label',
      value: { label: 'incorrect' },
    });
    const result = FeedbackEventSchema.safeParse(wrong);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('does not belong to stage "retrieval"');
  });

  it('requires a retraction to name the event it withdraws', () => {
    const tombstone = makeEvent(traceId, {
      stage: 'overall',
      target: { type: 'stage' },
      kind: 'retraction',
      value: null,
    });
    expect(FeedbackEventSchema.safeParse(tombstone).success).toBe(false);
  });

  it('requires agent details exactly on shadow origins', () => {
    const shadow = { ...thumbs(traceId), origin: 'shadow' };
    expect(FeedbackEventSchema.safeParse(shadow).success).toBe(false);
    const withAgent = { ...shadow, agent: { name: 'shadow-user', version: '0.1', confidence: 0.7 } };
    expect(FeedbackEventSchema.safeParse(withAgent).success).toBe(true);
  });

  it('takes evidence (the question and why) only with shadow origins', () => {
    const agent = { name: 'stageback-shadow-stats', version: '1.0.0', confidence: 0.8 };
    const evidence = { question: 'Is example.com unreliable here?', why: 'You flagged 2 pages from example.com.' };
    for (const origin of ['shadow', 'shadow_confirmed', 'shadow_rejected'])
      expect(FeedbackEventSchema.safeParse({ ...thumbs(traceId), origin, agent, evidence }).success).toBe(true);
    const mine = FeedbackEventSchema.safeParse({ ...thumbs(traceId), evidence });
    expect(mine.success).toBe(false);
    expect(mine.error?.issues[0]?.path).toEqual(['evidence']);
    expect(
      FeedbackEventSchema.safeParse({ ...thumbs(traceId), origin: 'shadow', agent, evidence: { why: '' } }).success,
    ).toBe(false);
  });

  it('rejects out-of-range grades and scores', () => {
    expect(FeedbackEventSchema.safeParse({ ...thumbs(traceId), value: { scale: 'likert5', score: 6 } }).success).toBe(
      false,
    );
    const grade = makeEvent(traceId, {
      stage: 'retrieval',
      target: { type: 'source', sourceId: 's1' },
      kind: 'relevance',
      value: 3,
    });
    expect(FeedbackEventSchema.safeParse({ ...grade, value: 4 }).success).toBe(false);
  });

  it('rejects ids that are not UUIDv7', () => {
    expect(FeedbackEventSchema.safeParse({ ...thumbs(traceId), id: 'not-a-uuid' }).success).toBe(false);
  });
});

describe('label set', () => {
  it('has a label list for every stage and no label outside the stages', () => {
    expect(Object.keys(STAGE_LABELS).sort()).toEqual([...STAGES].sort());
  });
});
