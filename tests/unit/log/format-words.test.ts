import { describe, expect, it } from 'vitest';
import {
  choiceLabel,
  formatDescription,
  formatLabel,
  optionHint,
  optionLabel,
  wordsOf,
} from '../../../components/log/format-words';
import { formatDescriptors } from '../../../storage/exports/registry';
import { t } from '../../../utils/i18n';

describe('the export formats in the user’s language (components/log/format-words.ts)', () => {
  const formats = formatDescriptors();

  it('has messages for every format, option and choice the registry offers, and for nothing else', () => {
    for (const format of formats) {
      const words = wordsOf(format.id);
      expect(words, format.id).toBeDefined();
      expect(Object.keys(words?.options ?? {}).sort(), format.id).toEqual(
        (format.options ?? []).map((o) => o.id).sort(),
      );
      for (const option of format.options ?? []) {
        const optionWords = words?.options?.[option.id];
        expect(optionWords?.label, `${format.id}.${option.id}`).toBeDefined();
        expect(optionWords?.hint !== undefined, `${format.id}.${option.id} hint`).toBe(option.hint !== undefined);
        const choices = option.type === 'choice' ? option.choices.map((c) => c.value).sort() : [];
        expect(Object.keys(optionWords?.choices ?? {}).sort(), `${format.id}.${option.id} choices`).toEqual(choices);
      }
    }
    expect(formats.map((f) => f.id).every((id) => wordsOf(id) !== undefined)).toBe(true);
    expect(wordsOf('no-such-format')).toBeUndefined();
    expect(wordsOf('toString')).toBeUndefined();
  });

  it('says in English exactly what the descriptors say (the files stay English; e2e tests find these words)', () => {
    for (const format of formats) {
      expect(formatLabel(format)).toBe(format.label);
      expect(formatDescription(format)).toBe(format.description);
      for (const option of format.options ?? []) {
        expect(optionLabel(format, option)).toBe(option.label);
        expect(optionHint(format, option)).toBe(option.hint);
        if (option.type === 'choice')
          for (const choice of option.choices) expect(choiceLabel(format, option, choice)).toBe(choice.label);
      }
    }
  });

  it('reads the messages, not the descriptors', () => {
    const csv = formats.find((f) => f.id === 'csv');
    if (!csv) throw new Error('no csv format');
    expect(formatLabel({ ...csv, label: 'something else' })).toBe(t('logFormatCsvLabel'));
  });
});
