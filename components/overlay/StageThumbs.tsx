import type { Stage } from '../../storage/labels';
import { ThumbIcon } from './icons';
import { controlKey } from './state/answer-store';
import { thumbLabel } from './strip-text';
import { ToggleButton } from './ToggleButton';
import { useAnswer } from './use-answer';

/** One-click up/down for a stage; clicking the chosen one again withdraws it. */
export function StageThumbs({ stage, name }: { stage: Stage; name: string }) {
  const key = controlKey(stage, 'stage', 'thumbs');
  const current = useAnswer((s) => s.given[key]);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  const score = current?.kind === 'rating' ? current.value.score : 0;

  const choose = (next: 1 | -1) =>
    score === next
      ? retract(key)
      : give(key, { stage, target: { type: 'stage' }, kind: 'rating', value: { scale: 'thumbs', score: next } });

  return (
    <>
      <ToggleButton pressed={score === 1} label={thumbLabel(name, true)} disabled={!ready} onToggle={() => choose(1)}>
        <ThumbIcon />
      </ToggleButton>
      <ToggleButton
        pressed={score === -1}
        label={thumbLabel(name, false)}
        disabled={!ready}
        onToggle={() => choose(-1)}
      >
        <ThumbIcon down />
      </ToggleButton>
    </>
  );
}
