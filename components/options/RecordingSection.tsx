import { t } from '../../utils/i18n';
import type { Settings } from '../../utils/settings';

interface Props {
  settings: Settings;
  update: (change: (s: Settings) => Settings) => Promise<void>;
}

/** Pause, and whether private windows are recorded (off by default). */
export function RecordingSection({ settings, update }: Props) {
  return (
    <section aria-labelledby="recording-heading">
      <h2 id="recording-heading">{t('optionsRecordingHeading')}</h2>
      <p>
        <label>
          <input
            type="checkbox"
            checked={settings.paused}
            onChange={(e) => update((s) => ({ ...s, paused: e.target.checked }))}
          />{' '}
          {t('optionsPauseRecording')}
        </label>
        <br />
        <small className="hint">{t('optionsPauseHint')}</small>
      </p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={settings.privateWindows}
            onChange={(e) => update((s) => ({ ...s, privateWindows: e.target.checked }))}
            data-testid="private-windows"
          />{' '}
          {t('optionsPrivateWindows')}
        </label>
        <br />
        <small className="hint">{t('optionsPrivateWindowsHint')}</small>
      </p>
    </section>
  );
}
