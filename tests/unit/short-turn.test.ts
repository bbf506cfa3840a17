import { describe, expect, it } from 'vitest';
import { isCompact, isShortTurn, SHORT_TURN_CHARS } from '../../components/overlay/short-turn';
import { traceDraft } from '../support/factories';

const reply = (text: string, extra: Partial<ReturnType<typeof traceDraft>> = {}) => {
  const base = traceDraft();
  return traceDraft({ sources: [], subqueries: [], answer: { ...base.answer, text }, ...extra });
};

describe('short turns', () => {
  it('are short replies with nothing cited or searched, in any script', () => {
    expect(isShortTurn(reply('Sure!'))).toBe(true);
    expect(isShortTurn(reply('はい'))).toBe(true);
    // A long reply in Japanese has few spaces: it is measured in characters, so it is not short.
    expect(isShortTurn(reply('承'.repeat(SHORT_TURN_CHARS)))).toBe(false);
    expect(isShortTurn(reply('word '.repeat(60)))).toBe(false);
  });

  it('are not short when the answer cites sources, ran searches, or is still being written', () => {
    const cited = traceDraft();
    expect(cited.sources.length).toBeGreaterThan(0);
    expect(isShortTurn({ ...cited, answer: { ...cited.answer, text: 'Yes.' } })).toBe(false);
    const searched = reply('Yes.', { subqueries: [{ id: 'q1', text: 'a search', position: 0, origin: 'shown' }] });
    expect(isShortTurn(searched)).toBe(false);
    const streaming = reply('Yes');
    expect(isShortTurn({ ...streaming, answer: { ...streaming.answer, complete: false } })).toBe(false);
  });

  it('stay compact until the user opens the strip out', () => {
    const trace = reply('OK');
    expect(isCompact({ expanded: false, trace })).toBe(true);
    expect(isCompact({ expanded: true, trace })).toBe(false);
  });
});
