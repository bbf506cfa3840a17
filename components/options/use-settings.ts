import { useEffect, useRef, useState } from 'react';
import { loadSettings, type Settings, SettingsSchema, settingsItem } from '../../utils/settings';

/**
 * The settings, live (another page may change them), and an updater that applies a change to the latest value
 * at once, so quick successive changes build on each other, then stores it.
 */
export function useSettings(): [Settings | null, (change: (current: Settings) => Settings) => Promise<void>] {
  const [settings, setSettings] = useState<Settings | null>(null);
  const latest = useRef<Settings | null>(null);
  useEffect(() => {
    const show = (s: Settings) => {
      latest.current = s;
      setSettings(s);
    };
    void loadSettings().then(show);
    return settingsItem.watch((s) => {
      const parsed = SettingsSchema.safeParse(s);
      if (parsed.success) show(parsed.data);
    });
  }, []);
  const update = async (change: (current: Settings) => Settings) => {
    const current = latest.current ?? (await loadSettings());
    const next = change(current);
    latest.current = next;
    setSettings(next);
    await settingsItem.setValue(next);
  };
  return [settings, update];
}
