import { type KeyboardEvent, useId, useState } from 'react';
import { SPAN_LABELS } from '../../storage/labels';
import { humanise } from './panels/LabelToggles';

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
      aria-label="Label the selected text"
      onKeyDown={onKeyDown}
      data-testid="selection-toolbar"
    >
      <span className="visually-hidden">Selected: {quote}</span>
      {SPAN_LABELS.map((label) => (
        <button key={label} type="button" className="chip" onClick={() => onLabel(label, comment.trim())}>
          {humanise(label)}
        </button>
      ))}
      <label className="visually-hidden" htmlFor={id}>
        Comment on the selection (optional)
      </label>
      <input
        id={id}
        placeholder="Comment (optional)"
        value={comment}
        maxLength={2_000}
        onChange={(e) => setComment(e.target.value)}
      />
      <button type="button" aria-label="Close" onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
