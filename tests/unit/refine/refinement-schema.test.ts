import { describe, expect, it } from 'vitest';
import { FeedbackEventSchema, TraceDraftSchema, TraceSchema } from '../../../storage/schema';
import { contentHash } from '../../../storage/trace-store';
import { makeEvent } from '../../../utils/content/make-event';
import { uuidv7 } from '../../../utils/uuidv7';
import { traceDraft } from '../../support/factories';

const traceId = uuidv7();
const refinement = (stage: 'overall' | 'answer' = 'overall') =>
  makeEvent(traceId, {
    stage,
    target: { type: 'stage' },
    kind: 'refinement',
    value: {
      engine: 'bing',
      query: 'q "x"',
      url: 'https://www.bing.com/search?q=q+%22x%22',
      feedbackEventIds: [uuidv7()],
    },
  });

describe('refinement and comparison events', () => {
  it('a refinement on the whole answer is valid; on a stage it is refused with a reason', () => {
    expect(FeedbackEventSchema.safeParse(refinement()).success).toBe(true);
    const bad = FeedbackEventSchema.safeParse(refinement('answer'));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('a refinement is about the whole answer (stage "overall")');
  });

  it('a refinement must name a known engine and an http(s) address', () => {
    const event = refinement();
    if (event.kind !== 'refinement') throw new Error('refinement');
    expect(FeedbackEventSchema.safeParse({ ...event, value: { ...event.value, engine: 'yahoo' } }).success).toBe(false);
    expect(
      FeedbackEventSchema.safeParse({ ...event, value: { ...event.value, url: 'javascript:alert(1)' } }).success,
    ).toBe(false);
  });

  it('a comparison is between two answers and takes better, same or worse', () => {
    const of = (originalTraceId: string, verdict: string) =>
      FeedbackEventSchema.safeParse(
        makeEvent(traceId, {
          stage: 'overall',
          target: { type: 'stage' },
          kind: 'comparison',
          value: { refinementId: uuidv7(), originalTraceId, verdict } as never,
        }),
      ).success;
    expect(of(uuidv7(), 'better')).toBe(true);
    expect(of(uuidv7(), 'worse')).toBe(true);
    expect(of(uuidv7(), 'best')).toBe(false);
    expect(of(traceId, 'same')).toBe(false);
  });

  it('an answer that came back unchanged is compared with itself, saying so; the flag never joins two answers', () => {
    const of = (originalTraceId: string, unchanged: boolean) =>
      FeedbackEventSchema.safeParse(
        makeEvent(traceId, {
          stage: 'overall',
          target: { type: 'stage' },
          kind: 'comparison',
          value: { refinementId: uuidv7(), originalTraceId, verdict: 'same', ...(unchanged ? { unchanged } : {}) },
        }),
      );
    expect(of(traceId, true).success).toBe(true);
    expect(of(traceId, false).error?.issues[0]?.message).toBe(
      'a comparison is between two answers (or says the answer came back unchanged)',
    );
    expect(of(uuidv7(), true).error?.issues[0]?.message).toBe('an unchanged answer is compared with itself');
  });
});

describe('the refined answer’s link', () => {
  it('a stored trace may carry refinedFrom; one without it (every older log) is still valid', async () => {
    const draft = traceDraft();
    const trace = { ...draft, contentHash: await contentHash(draft) };
    expect(TraceSchema.safeParse(trace).success).toBe(true);
    expect(TraceSchema.safeParse({ ...trace, refinedFrom: { traceId, refinementId: uuidv7() } }).success).toBe(true);
    expect(TraceSchema.safeParse({ ...trace, refinedFrom: { traceId: 'x', refinementId: uuidv7() } }).success).toBe(
      false,
    );
    // A content script's draft cannot claim the link: the draft schema drops it.
    const parsed = TraceDraftSchema.parse({ ...draft, refinedFrom: { traceId, refinementId: uuidv7() } });
    expect('refinedFrom' in parsed).toBe(false);
  });
});
