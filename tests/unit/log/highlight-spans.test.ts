import { describe, expect, it } from 'vitest';
import { answerSegments, locateSpan } from '../../../components/log/highlight-spans';
import { spanLabel, thumbs } from '../../support/factories';

const TEXT = 'Sleep needs vary by age. Most adults need seven to nine hours.';

describe('span highlights in the detail view', () => {
  it('uses the position when the quote is still there', () => {
    const range = locateSpan(TEXT, spanLabel('t', 'incorrect'));
    expect(range).toMatchObject({ start: 42, end: 61, label: 'incorrect' });
    expect(TEXT.slice(range?.start, range?.end)).toBe('seven to nine hours');
  });

  it('falls back to finding the quote when the position no longer fits', () => {
    const event = spanLabel('t', 'unverifiable');
    if (event.target.type !== 'span') throw new Error('span expected');
    event.target.position = { type: 'TextPositionSelector', start: 0, end: 5 };
    const moved = `Note. ${TEXT}`;
    const range = locateSpan(moved, event);
    expect(moved.slice(range?.start, range?.end)).toBe('seven to nine hours');
    expect(locateSpan('nothing like it', event)).toBeUndefined();
    expect(locateSpan(TEXT, thumbs('t'))).toBeUndefined();
  });

  it('splits overlapping spans into pieces that carry every label, and shows each name once where it ends', () => {
    const segments = answerSegments('abcdefghij', [
      { start: 2, end: 6, label: 'incorrect', eventId: '1' },
      { start: 4, end: 8, label: 'repetitive', eventId: '2' },
    ]);
    expect(segments.map((s) => [s.text, s.labels, s.endingLabels])).toEqual([
      ['ab', [], []],
      ['cd', ['incorrect'], []],
      ['ef', ['incorrect', 'repetitive'], ['incorrect']],
      ['gh', ['repetitive'], ['repetitive']],
      ['ij', [], []],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe('abcdefghij');
  });
});
