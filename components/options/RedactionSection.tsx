import { useEffect, useState } from 'react';
import {
  loadRedactionRules,
  parseWordList,
  type RedactionRules,
  redactionRulesItem,
  redactorFor,
} from '../../storage/queries/redaction-rules';

const SWITCHES: { key: 'emails' | 'phones' | 'cards' | 'ips'; label: string }[] = [
  { key: 'emails', label: 'E-mail addresses' },
  { key: 'phones', label: 'Phone numbers' },
  { key: 'cards', label: 'Card numbers' },
  { key: 'ips', label: 'IP addresses' },
];

const SAMPLE = 'Call Jane Doe at +44 20 7946 0958 or write to jane.doe@example.com about the Acme project.';

/** What exports mask, with a live preview on any text. */
export function RedactionSection() {
  const [rules, setRules] = useState<RedactionRules | null>(null);
  const [wordsText, setWordsText] = useState('');
  const [sample, setSample] = useState(SAMPLE);
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
      <h2 id="redaction-heading">Redaction</h2>
      <p className="hint">
        Masked in every export and in everything sync sends. Masks keep the length of what they hide, so highlighted
        spans stay in place. What is stored in this browser is not changed.
      </p>
      {SWITCHES.map(({ key, label }) => (
        <label key={key} className="inline">
          <input type="checkbox" checked={rules[key]} onChange={(e) => save({ ...rules, [key]: e.target.checked })} />{' '}
          {label}{' '}
        </label>
      ))}
      <p>
        <label>
          Words and names to mask (one per line, any case, whole words)
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
          Try it on some text
          <textarea value={sample} onChange={(e) => setSample(e.target.value)} />
        </label>
      </p>
      <p className="hint" id="redaction-preview-label">
        In an export this reads:
      </p>
      <output className="preview" aria-labelledby="redaction-preview-label" data-testid="redaction-preview">
        {redactorFor({ ...rules, words: parseWordList(wordsText) })(sample)}
      </output>
    </section>
  );
}
