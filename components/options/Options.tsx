import { useEffect, useState } from 'react';
import { loadSettings, type Settings, settingsItem } from '../../utils/settings';

type Toggle = 'paused' | 'privateWindows';
const TOGGLES: { key: Toggle; label: string; hint: string }[] = [
  { key: 'paused', label: 'Pause recording', hint: 'Nothing new is captured while paused; stored feedback stays.' },
  {
    key: 'privateWindows',
    label: 'Work in private windows',
    hint: 'Off by default: nothing is captured or stored from private windows.',
  },
];

export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    return settingsItem.watch((s) => s && setSettings(s));
  }, []);
  if (!settings) return null;

  const set = (key: Toggle, value: boolean) => settingsItem.setValue({ ...settings, [key]: value });
  return (
    <main className="popup options">
      <h1>Stageback options</h1>
      <p>Everything you give stays in this browser. Nothing is sent anywhere.</p>
      {TOGGLES.map(({ key, label, hint }) => (
        <p key={key}>
          <label>
            <input type="checkbox" checked={settings[key]} onChange={(e) => set(key, e.target.checked)} /> {label}
          </label>
          <br />
          <small>{hint}</small>
        </p>
      ))}
    </main>
  );
}
