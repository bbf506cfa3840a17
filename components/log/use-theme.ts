import { useEffect } from 'react';
import { loadSettings, type Settings, settingsItem } from '../../utils/settings';

function applyTheme(theme: Settings['theme']) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** Follows the theme setting (system, light, dark) on an extension page: sets `<html data-theme>`. */
export function useTheme(): void {
  useEffect(() => {
    void loadSettings().then((s) => applyTheme(s.theme));
    return settingsItem.watch((s) => applyTheme(s?.theme ?? 'system'));
  }, []);
}
