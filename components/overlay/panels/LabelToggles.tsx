import type { Stage } from '../../../storage/labels';
import type { FeedbackTarget } from '../../../storage/schema';
import { t } from '../../../utils/i18n';
import { controlKey } from '../state/answer-store';
import { ToggleButton } from '../ToggleButton';
import { useAnswer } from '../use-answer';
import { labelName } from './label-names';

interface Props {
  stage: Stage;
  target: FeedbackTarget;
  targetKey: string;
  labels: readonly string[];
  /** Names the item in each button's accessible name, e.g. "source 2". */
  itemName: string;
}

/** A label's name on screen ("wrong order"), in the user's language. */
export const humanise = labelName;

/** Independent on/off labels on one item (several may apply at once). */
export function LabelToggles({ stage, target, targetKey, labels, itemName }: Props) {
  const given = useAnswer((s) => s.given);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  return (
    <span className="labels">
      {labels.map((label) => {
        const key = controlKey(stage, targetKey, `label:${label}`);
        const on = key in given;
        return (
          <ToggleButton
            key={label}
            className="chip"
            pressed={on}
            disabled={!ready}
            label={t('panelsItemLabel', itemName, humanise(label))}
            onToggle={() =>
              on ? retract(key) : give(key, { stage, target, kind: 'label', value: { label: label as never } })
            }
          >
            {humanise(label)}
          </ToggleButton>
        );
      })}
    </span>
  );
}
