import { useId } from 'react';
import { t } from '../../utils/i18n';
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
      <legend>{t('welcomePassiveLegend')}</legend>
      <p className="hint">{t('welcomePassiveHint')}</p>
      <label>
        <input type="radio" name={name} checked={chosen && passiveOn} onChange={() => choose(true)} />
        {t('welcomePassiveYes')}
      </label>
      <label>
        <input type="radio" name={name} checked={chosen && !passiveOn} onChange={() => choose(false)} />
        {t('welcomePassiveNo')}
      </label>
      <p role="status" className="hint">
        {chosen ? t(passiveOn ? 'welcomePassiveSavedOn' : 'welcomePassiveSavedOff') : t('welcomePassiveUnchosen')}
      </p>
    </fieldset>
  );
}
