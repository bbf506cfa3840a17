import { useId } from 'react';
import { choosePassiveSignals } from '../../utils/settings';
import { useSettings } from '../options/use-settings';

/** The explicit question about passive signals: nothing is chosen, and nothing recorded, until the user answers. */
export function PassiveChoice() {
  const [settings, update] = useSettings();
  const name = useId();
  if (!settings) return null;
  const passiveOn = settings.sites['*']?.passiveSignals === true;
  const chosen = settings.passiveSignalsChosen;
  const choose = (on: boolean) => void update((s) => choosePassiveSignals(s, on));
  return (
    <fieldset className="passive-choice" data-testid="passive-choice">
      <legend>Also record what you do without giving feedback?</legend>
      <p className="hint">
        Passive signals are which sources you open, how long you stay on an answer, and what you copy from it. They help
        researchers see which answers worked without asking you. They stay in this browser like everything else.
      </p>
      <label>
        <input type="radio" name={name} checked={chosen && passiveOn} onChange={() => choose(true)} />
        Yes, record passive signals on supported sites
      </label>
      <label>
        <input type="radio" name={name} checked={chosen && !passiveOn} onChange={() => choose(false)} />
        No, only the feedback I give
      </label>
      <p role="status" className="hint">
        {chosen
          ? `Saved: passive signals are ${passiveOn ? 'on' : 'off'}. You can change this per site in Options.`
          : 'Off until you choose.'}
      </p>
    </fieldset>
  );
}
