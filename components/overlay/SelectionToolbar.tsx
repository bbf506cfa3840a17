import { type KeyboardEvent, useId, useState } from 'react';
import { SPAN_LABELS } from '../../storage/labels';
import { labelName } from '../../utils/describe-event';
import { t } from '../../utils/i18n';

export interface SelectionToolbarProps {
  quote: string;
  onLabel(label: (typeof SPAN_LABELS)[number], comment: string): void;
  onClose(): void;
}

/** Appears next to a text selection inside an answer: span labels and a comment. */
export function SelectionToolbar({ quote, onLabel, onClose }: SelectionToolbarProps) {
  const [comment, setComment] = useState('');
  const id = useId();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };
  return (
    <div
      className="toolbar"
      role="toolbar"
      aria-label={t('stripToolbarLabel')}
      onKeyDown={onKeyDown}
      data-testid="selection-toolbar"
    >
      <span className="visually-hidden">{t('stripToolbarSelected', quote)}</span>
      {SPAN_LABELS.map((label) => (
        <button key={label} type="button" className="chip" onClick={() => onLabel(label, comment.trim())}>
          {labelName(label)}
        </button>
      ))}
      <label className="visually-hidden" htmlFor={id}>
        {t('stripToolbarCommentLabel')}
      </label>
      <input
        id={id}
        placeholder={t('stripToolbarCommentPlaceholder')}
        value={comment}
        maxLength={2_000}
        onChange={(e) => setComment(e.target.value)}
      />
      <button type="button" aria-label={t('stripClose')} onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
