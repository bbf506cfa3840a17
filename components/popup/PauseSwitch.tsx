import { useEffect, useState } from 'react';
import { t } from '../../utils/i18n';
import { loadSettings, settingsItem } from '../../utils/settings';

export function PauseSwitch() {
  const [paused, setPaused] = useState<boolean | null>(null);
  useEffect(() => {
    void loadSettings().then((s) => setPaused(s.paused));
    return settingsItem.watch((s) => setPaused(s?.paused ?? false));
  }, []);
  const toggle = async () => {
    const settings = await loadSettings();
    await settingsItem.setValue({ ...settings, paused: !settings.paused });
  };
  // A switch that names what it switches and says its state: "Recording" alone read as a status.
  return (
    <button
      type="button"
      role="switch"
      className="pause"
      aria-checked={paused === null ? undefined : !paused}
      disabled={paused === null}
      onClick={toggle}
    >
      <span className="switch-track" aria-hidden="true" />
      {paused ? t('popupRecordingOff') : t('popupRecordingOn')}
    </button>
  );
}
