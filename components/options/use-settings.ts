import { useEffect, useState } from 'react';
import { loadSettings, type Settings, SettingsSchema, settingsItem } from '../../utils/settings';

/** The settings, live, and an updater that merges into the latest stored value (another page may have changed it). */
export function useSettings(): [Settings | null, (change: (current: Settings) => Settings) => Promise<void>] {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void loadSettings().then(setSettings);
    return settingsItem.watch((s) => {
      const parsed = SettingsSchema.safeParse(s);
      if (parsed.success) setSettings(parsed.data);
    });
  }, []);
  const update = async (change: (current: Settings) => Settings) => {
    const next = change(await loadSettings());
    setSettings(next);
    await settingsItem.setValue(next);
  };
  return [settings, update];
}
