import { describe, expect, it } from 'vitest';
import { locateInText } from '../../../utils/anchoring/anchor';

const TEXT =
  'Magnesium may help you relax. Some studies suggest it improves sleep quality in older adults. ' +
  'Talk to a doctor before taking supplements. Magnesium may help you relax before bed as well.';

function selectorsFor(text: string, exact: string, occurrence = 0) {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(exact, start + 1);
  const end = start + exact.length;
  return {
    quote: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
    position: { start, end },
  };
}

describe('locateInText', () => {
  it('keeps the stored position when the quote is still there (text appended while streaming)', () => {
    const selectors = selectorsFor(TEXT, 'improves sleep quality');
    const grown = `${TEXT} Keep your bedroom cool, too.`;
    expect(locateInText(grown, selectors)).toEqual({ ...selectors.position, score: 1, method: 'position' });
  });

  it('rebases the position when text before the quote changed', () => {
    const selectors = selectorsFor(TEXT, 'Talk to a doctor');
    const changed = TEXT.replace('Some studies suggest', 'A few small trials have suggested');
    const match = locateInText(changed, selectors)!;
    expect(match.method).toBe('exact');
    expect(changed.slice(match.start, match.end)).toBe('Talk to a doctor');
  });

  it('picks the repeated phrase whose context matches', () => {
    const second = locateInText(TEXT, { quote: selectorsFor(TEXT, 'Magnesium may help you relax', 1).quote })!;
    expect(second.start).toBe(TEXT.lastIndexOf('Magnesium'));
    const first = locateInText(TEXT, { quote: selectorsFor(TEXT, 'Magnesium may help you relax', 0).quote })!;
    expect(first.start).toBe(0);
  });

  it('ignores whitespace and case differences', () => {
    const selectors = selectorsFor(TEXT, 'Talk to a doctor before taking');
    const restyled = TEXT.replace('Talk to a doctor before', 'TALK TO A  DOCTOR\nbefore');
    const match = locateInText(restyled, selectors)!;
    expect(match.method).toBe('folded');
    expect(restyled.slice(match.start, match.end)).toBe('TALK TO A  DOCTOR\nbefore taking');
  });

  it('scores fuzzy matches by their edits and rejects text that is gone', () => {
    const selectors = selectorsFor(TEXT, 'it improves sleep quality in older adults');
    const oneEdit = locateInText(TEXT.replace('older adults', 'older adult'), selectors)!;
    const threeEdits = locateInText(TEXT.replace('improves sleep quality', 'improved slep qualty'), selectors)!;
    expect(oneEdit.method).toBe('fuzzy');
    expect(threeEdits.method).toBe('fuzzy');
    expect(oneEdit.score).toBeGreaterThan(threeEdits.score);
    expect(locateInText(TEXT.replace(/Some studies[^.]*\./, ''), selectors)).toBeNull();
    expect(locateInText('', selectors)).toBeNull();
  });

  it('respects a smaller error bound', () => {
    const selectors = selectorsFor(TEXT, 'it improves sleep quality in older adults');
    const edited = TEXT.replace('improves sleep quality', 'improved slep qualty');
    expect(locateInText(edited, selectors, { maxErrors: 1 })).toBeNull();
  });

  it('matches a very long quote by its head and tail', () => {
    const sentences = Array.from({ length: 120 }, (_, i) => `Sentence number ${i} says something about sleep.`);
    const text = sentences.join(' ');
    const exact = sentences.slice(10, 110).join(' ');
    expect(exact.length).toBeGreaterThan(4096);
    const selectors = selectorsFor(text, exact);
    const edited = text.replace('Sentence number 50 says', 'Sentence number fifty says');
    const match = locateInText(edited, { quote: selectors.quote })!;
    expect(match.method).toBe('fuzzy');
    expect(edited.slice(match.start, match.end)).toBe(sentences.slice(10, 110).join(' ').replace('50', 'fifty'));
  });
});
