import { useEffect } from 'react';
import { loadSettings, settingsItem } from '../../utils/settings';
import { applyTheme } from '../apply-theme';

/** Follows the theme setting (system, light, dark) on an extension page: sets `<html data-theme>`. */
export function useTheme(): void {
  useEffect(() => {
    void loadSettings().then((s) => applyTheme(document, s.theme));
    return settingsItem.watch((s) => applyTheme(document, s?.theme));
  }, []);
}
