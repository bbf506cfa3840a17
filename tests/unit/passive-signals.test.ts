import { describe, expect, it } from 'vitest';
import { FeedbackEventSchema } from '../../storage/schema';
import { editDistance } from '../../utils/content/edit-distance';
import { dwellVerdict } from '../../utils/content/passive-signals';
import { queryChangeEvent } from '../../utils/content/query-signals';
import { uuidv7 } from '../../utils/uuidv7';

describe('passive signals', () => {
  it('measures reformulations by edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    const previous = {
      traceId: uuidv7(),
      query: 'how much sleep',
      pageUrl: 'https://www.google.com/search?q=a',
      at: 0,
    };
    const event = queryChangeEvent(previous, 'how much sleep adults', 'https://www.google.com/search?q=b');
    expect(event).toMatchObject({
      traceId: previous.traceId,
      origin: 'implicit',
      value: { signal: 'reformulation', editDistance: 7 },
    });
    expect(FeedbackEventSchema.safeParse(event).success).toBe(true);
  });

  it('calls a new question in the same chat thread a follow-up', () => {
    const thread = 'https://www.perplexity.ai/search/how-much-sleep-abc123';
    const previous = { traceId: uuidv7(), query: 'how much sleep', pageUrl: thread, at: 0 };
    expect(queryChangeEvent(previous, 'and for teenagers?', thread).value).toMatchObject({ signal: 'follow_up' });
  });

  it('classifies dwell as quick return under 10 s and satisfied from 30 s', () => {
    expect(dwellVerdict(9_999)).toBe('quick_return');
    expect(dwellVerdict(10_000)).toBe('neutral');
    expect(dwellVerdict(30_000)).toBe('satisfied');
  });
});
