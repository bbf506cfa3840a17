import { useEffect } from 'react';
import { loadSettings, settingsItem } from '../../utils/settings';
import { applyTheme, rememberTheme } from '../apply-theme';

/** Follows the theme setting (system, light, dark) on an extension page: sets `<html data-theme>`. */
export function useTheme(): void {
  useEffect(() => {
    const apply = (theme: Parameters<typeof applyTheme>[1]) => {
      applyTheme(document, theme);
      rememberTheme(globalThis.localStorage, theme);
    };
    void loadSettings().then((s) => apply(s.theme));
    return settingsItem.watch((s) => apply(s?.theme));
  }, []);
}
