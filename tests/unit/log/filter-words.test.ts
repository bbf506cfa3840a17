import { describe, expect, it } from 'vitest';
import { labelChoices, originChoices } from '../../../components/log/filter-words';
import { ALL_LABELS, ORIGINS } from '../../../storage/labels';

describe("the log's filter choices", () => {
  it('offer every label once, each with words that differ from every other', () => {
    const choices = labelChoices();
    expect(choices.map((c) => c.value).sort()).toEqual([...ALL_LABELS].sort());
    expect(new Set(choices.map((c) => c.text)).size).toBe(choices.length);
    expect(choices.find((c) => c.value === 'irrelevant')?.text).toBe('irrelevant (a sub-query or answer text)');
  });

  it('name every origin in words, never the stored identifier', () => {
    expect(originChoices().map((c) => c.value)).toEqual([...ORIGINS]);
    for (const { text } of originChoices()) expect(text).not.toMatch(/shadow|_|implicit/i);
  });
});
