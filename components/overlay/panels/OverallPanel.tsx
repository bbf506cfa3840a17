import { controlKey } from '../state/answer-store';
import { ToggleButton } from '../ToggleButton';
import { useAnswer } from '../use-answer';
import { CommentBox } from './CommentBox';

const SCORES = [1, 2, 3, 4, 5] as const;
const usefulnessKey = controlKey('overall', 'stage', 'likert5');

export function OverallPanel() {
  const current = useAnswer((s) => s.given[usefulnessKey]);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  const score = current?.kind === 'rating' ? current.value.score : null;
  return (
    <section className="panel" aria-label="Overall">
      <fieldset className="row">
        <legend>How useful was this answer? (1 not at all, 5 very)</legend>
        {SCORES.map((n) => (
          <ToggleButton
            key={n}
            pressed={score === n}
            disabled={!ready}
            label={`Usefulness ${n} of 5`}
            onToggle={() =>
              score === n
                ? retract(usefulnessKey)
                : give(usefulnessKey, {
                    stage: 'overall',
                    target: { type: 'stage' },
                    kind: 'rating',
                    value: { scale: 'likert5', score: n },
                  })
            }
          >
            {n}
          </ToggleButton>
        ))}
      </fieldset>
      <CommentBox stage="overall" label="Comment on the whole answer" />
    </section>
  );
}
