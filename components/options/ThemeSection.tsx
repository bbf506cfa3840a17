import { type MessageKey, t } from '../../utils/i18n';
import { type Settings, THEMES } from '../../utils/settings';

interface Props {
  settings: Settings;
  update: (change: (s: Settings) => Settings) => Promise<void>;
}

const NAMES = {
  system: 'optionsThemeSystem',
  light: 'optionsThemeLight',
  dark: 'optionsThemeDark',
} satisfies Record<Settings['theme'], MessageKey>;

/** The look of the popup, log and options pages. */
export function ThemeSection({ settings, update }: Props) {
  return (
    <section aria-labelledby="theme-heading">
      <fieldset>
        <legend>
          <h2 id="theme-heading">{t('optionsThemeHeading')}</h2>
        </legend>
        {THEMES.map((theme) => (
          <label key={theme}>
            <input
              type="radio"
              name="theme"
              value={theme}
              checked={settings.theme === theme}
              onChange={() => update((s) => ({ ...s, theme }))}
            />{' '}
            {t(NAMES[theme])}{' '}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
