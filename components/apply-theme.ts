import type { Settings } from '../utils/settings';

/** Sets `<html data-theme>` from the theme setting (`system` leaves it to the browser). */
export function applyTheme(doc: Document, theme: Settings['theme'] | undefined): void {
  if (theme === 'light' || theme === 'dark') doc.documentElement.dataset.theme = theme;
  else delete doc.documentElement.dataset.theme;
}
