import { useState } from 'react';
import type { FeedbackEvent } from '../../storage/schema';
import { makeEvent } from '../../utils/content/make-event';

export type SendEvents = (events: FeedbackEvent[]) => Promise<{ ok: true } | { ok: false; message: string }>;

interface Props {
  traceId: string | null;
  send: SendEvents;
}

/** Overall thumbs: a second choice supersedes the first; clicking the chosen one again retracts it. */
export function OverallThumbs({ traceId, send }: Props) {
  const [current, setCurrent] = useState<{ id: string; score: 1 | -1 } | null>(null);
  const [status, setStatus] = useState('');

  const choose = async (score: 1 | -1) => {
    if (!traceId) return;
    const event =
      current?.score === score
        ? makeEvent(
            traceId,
            { stage: 'overall', target: { type: 'stage' }, kind: 'retraction', value: null },
            current.id,
          )
        : makeEvent(
            traceId,
            { stage: 'overall', target: { type: 'stage' }, kind: 'rating', value: { scale: 'thumbs', score } },
            current?.id,
          );
    const result = await send([event]);
    if (!result.ok) {
      setStatus(`Not saved: ${result.message}`);
      return;
    }
    setCurrent(event.kind === 'retraction' ? null : { id: event.id, score });
    setStatus(event.kind === 'retraction' ? 'Removed' : 'Saved');
  };

  return (
    <fieldset className="stage">
      <legend className="stage-name">Overall</legend>
      <button
        type="button"
        aria-pressed={current?.score === 1}
        aria-label="Good answer overall"
        disabled={!traceId}
        onClick={() => choose(1)}
      >
        👍
      </button>
      <button
        type="button"
        aria-pressed={current?.score === -1}
        aria-label="Bad answer overall"
        disabled={!traceId}
        onClick={() => choose(-1)}
      >
        👎
      </button>
      <span role="status" className="status">
        {status}
      </span>
    </fieldset>
  );
}
