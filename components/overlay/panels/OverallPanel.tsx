import { t } from '../../../utils/i18n';
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
    <section className="panel" aria-label={t('panelsOverall')}>
      <fieldset className="row">
        <legend>{t('panelsUsefulnessQuestion')}</legend>
        {SCORES.map((n) => (
          <ToggleButton
            key={n}
            pressed={score === n}
            disabled={!ready}
            label={t('panelsUsefulnessScore', n)}
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
      <CommentBox stage="overall" label={t('panelsOverallComment')} />
    </section>
  );
}
