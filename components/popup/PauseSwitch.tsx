import { useEffect, useState } from 'react';
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
  return (
    <button type="button" className="pause" aria-pressed={paused ?? false} disabled={paused === null} onClick={toggle}>
      {paused ? 'Paused' : 'Recording'}
    </button>
  );
}
