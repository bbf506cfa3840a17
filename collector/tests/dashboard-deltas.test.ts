import { describe, expect, it } from 'vitest';
import { AggregateDelta, feedbackLabel, readOutcome } from '../src/dashboard/deltas';
import { stageEvents, trace } from './support/items';

describe('dashboard counters (pure)', () => {
  it('classifies a read as full, partial or none from availability and completeness', () => {
    const complete = { text: 'x', sentences: [], complete: true };
    const streaming = { ...complete, complete: false };
    const read = { decomposition: 'read', retrieval: 'read', answer: 'read' } as const;
    expect(readOutcome({ availability: read, answer: complete })).toBe('full');
    expect(readOutcome({ availability: { ...read, decomposition: 'not_available' }, answer: complete })).toBe('full');
    expect(readOutcome({ availability: { ...read, retrieval: 'failed' }, answer: complete })).toBe('partial');
    expect(readOutcome({ availability: read, answer: streaming })).toBe('partial');
    expect(readOutcome({ availability: { ...read, answer: 'failed' }, answer: complete })).toBe('none');
    expect(readOutcome({ availability: { ...read, answer: 'not_available' }, answer: complete })).toBe('none');
  });

  it('names the bar of each kind of feedback', () => {
    expect(stageEvents(trace().id).map(feedbackLabel)).toEqual([
      'too_broad',
      'relevance_3',
      'unverifiable',
      'thumbs_down',
    ]);
  });

  it('sums changes per key, drops those that cancel out, and sorts rows so writers lock them in one order', () => {
    const t = trace();
    const [label, grade] = stageEvents(t.id);
    if (!label || !grade) throw new Error('no events');
    const delta = new AggregateDelta();
    delta.event('b', 'p1', '2026-11-26T10:00:00.000Z', 'site', grade);
    delta.event('a', 'p1', '2026-11-26T11:00:00.000Z', 'site', label);
    delta.event('a', 'p1', '2026-11-26T12:00:00.000Z', 'site', label);
    delta.event('b', 'p1', '2026-11-26T10:00:00.000Z', 'site', grade, -1);
    const rows = delta.rows();
    expect(rows.feedback).toEqual([{ study: 'a', site: 'site', stage: 'decomposition', label: 'too_broad', count: 2 }]);
    expect(rows.daily).toEqual([{ study: 'a', day: '2026-11-26', events: 2, traces: 0 }]);
    expect(rows.participants.map((p) => [p.study, p.events, p.lastAt])).toEqual([
      ['a', 2, '2026-11-26T12:00:00.000Z'],
      ['b', 0, '2026-11-26T10:00:00.000Z'],
    ]);
  });
});
