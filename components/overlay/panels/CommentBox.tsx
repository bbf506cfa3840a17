import { useEffect, useId, useRef, useState } from 'react';
import type { Stage } from '../../../storage/labels';
import { t } from '../../../utils/i18n';
import { controlKey } from '../state/answer-store';
import { useAnswer } from '../use-answer';

/** A free comment on a stage; saving again replaces the earlier comment. */
export function CommentBox({ stage, label }: { stage: Stage; label: string }) {
  const key = controlKey(stage, 'stage', 'comment');
  const saved = useAnswer((s) => s.given[key]);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const [text, setText] = useState(saved?.kind === 'comment' ? saved.value : '');
  const id = useId();
  // What is stored is what the box shows: an undo or a comment read back replaces the text, and the button
  // is active only once the text differs from it again.
  const savedText = saved?.kind === 'comment' ? saved.value : '';
  // Only a change of what is stored resets the box: Preact runs effects a frame after mount, and a mount-time
  // reset would wipe what the user typed in that frame.
  const shown = useRef(savedText);
  useEffect(() => {
    if (shown.current === savedText) return;
    shown.current = savedText;
    setText(savedText);
  }, [savedText]);
  return (
    <div className="comment">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={10_000} />
      <button
        type="button"
        disabled={!ready || text.trim() === '' || savedText === text.trim()}
        onClick={() => give(key, { stage, target: { type: 'stage' }, kind: 'comment', value: text.trim() })}
      >
        {t('panelsSaveComment')}
      </button>
    </div>
  );
}
