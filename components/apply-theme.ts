import type { Settings } from '../utils/settings';

type Theme = Settings['theme'];
const THEME_KEY = 'stageback-theme';

/** Sets `<html data-theme>` from the theme setting (`system` leaves it to the browser). */
export function applyTheme(doc: Document, theme: Theme | undefined): void {
  if (theme === 'light' || theme === 'dark') doc.documentElement.dataset.theme = theme;
  else delete doc.documentElement.dataset.theme;
}

/**
 * Extension pages keep a copy of the theme setting in their (shared) localStorage, so the popup's first frame can
 * apply it synchronously. The setting itself stays in `chrome.storage.local`.
 */
export function rememberTheme(local: Storage | undefined, theme: Theme | undefined): void {
  try {
    local?.setItem(THEME_KEY, theme ?? 'system');
  } catch {}
}

export function rememberedTheme(local: Storage | undefined): Theme | undefined {
  try {
    const theme = local?.getItem(THEME_KEY);
    return theme === 'light' || theme === 'dark' || theme === 'system' ? theme : undefined;
  } catch {
    return undefined;
  }
}
