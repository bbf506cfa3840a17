import { useEffect, useState } from 'react';
import {
  loadRedactionRules,
  parseWordList,
  type RedactionRules,
  redactionRulesItem,
  redactorFor,
} from '../../storage/queries/redaction-rules';
import { type MessageKey, t } from '../../utils/i18n';

const SWITCHES: { key: 'emails' | 'phones' | 'cards' | 'ips'; label: MessageKey }[] = [
  { key: 'emails', label: 'optionsRedactEmails' },
  { key: 'phones', label: 'optionsRedactPhones' },
  { key: 'cards', label: 'optionsRedactCards' },
  { key: 'ips', label: 'optionsRedactIps' },
];

/** What exports mask, with a live preview on any text. */
export function RedactionSection() {
  const [rules, setRules] = useState<RedactionRules | null>(null);
  const [wordsText, setWordsText] = useState('');
  const [sample, setSample] = useState(() => t('optionsRedactionSample'));
  useEffect(() => {
    void loadRedactionRules().then((r) => {
      setRules(r);
      setWordsText(r.words.join('\n'));
    });
  }, []);
  if (!rules) return null;

  const save = (next: RedactionRules) => {
    setRules(next);
    void redactionRulesItem.setValue(next);
  };
  return (
    <section aria-labelledby="redaction-heading">
      <h2 id="redaction-heading">{t('optionsRedactionHeading')}</h2>
      <p className="hint">{t('optionsRedactionHint')}</p>
      {SWITCHES.map(({ key, label }) => (
        <label key={key} className="inline">
          <input type="checkbox" checked={rules[key]} onChange={(e) => save({ ...rules, [key]: e.target.checked })} />{' '}
          {t(label)}{' '}
        </label>
      ))}
      <p>
        <label>
          {t('optionsRedactionWords')}
          <textarea
            value={wordsText}
            onChange={(e) => setWordsText(e.target.value)}
            onBlur={() => save({ ...rules, words: parseWordList(wordsText) })}
            data-testid="redaction-words"
          />
        </label>
      </p>
      <p>
        <label>
          {t('optionsRedactionTry')}
          <textarea value={sample} onChange={(e) => setSample(e.target.value)} />
        </label>
      </p>
      <p className="hint" id="redaction-preview-label">
        {t('optionsRedactionPreview')}
      </p>
      <output className="preview" aria-labelledby="redaction-preview-label" data-testid="redaction-preview">
        {redactorFor({ ...rules, words: parseWordList(wordsText) })(sample)}
      </output>
    </section>
  );
}
