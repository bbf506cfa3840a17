import { useId, useState } from 'react';
import { t } from '../../../utils/i18n';
import { importanceName } from './label-names';

interface Props {
  label: string;
  button: string;
  disabled: boolean;
  /** Offer a vital / okay choice (TREC RAG nugget importance). */
  withImportance?: boolean;
  onAdd(text: string, importance: 'vital' | 'okay'): void;
}

/** A one-line text input that adds an item on Enter or with its button. */
export function ItemAdder({ label, button, disabled, withImportance, onAdd }: Props) {
  const [text, setText] = useState('');
  const [importance, setImportance] = useState<'vital' | 'okay'>('vital');
  const id = useId();
  const add = () => {
    if (text.trim() === '') return;
    onAdd(text.trim(), importance);
    setText('');
  };
  return (
    <div className="add">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={text}
        maxLength={2_000}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && add()}
      />
      {withImportance && (
        <select
          aria-label={t('panelsImportance')}
          value={importance}
          onChange={(e) => setImportance(e.target.value as 'vital')}
        >
          <option value="vital">{importanceName('vital')}</option>
          <option value="okay">{importanceName('okay')}</option>
        </select>
      )}
      <button type="button" disabled={disabled || text.trim() === ''} onClick={add}>
        {button}
      </button>
    </div>
  );
}
