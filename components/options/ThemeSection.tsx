import { type Settings, THEMES } from '../../utils/settings';

interface Props {
  settings: Settings;
  update: (change: (s: Settings) => Settings) => Promise<void>;
}

const NAMES = { system: 'As the system', light: 'Light', dark: 'Dark' } as const;

/** The look of the popup, log and options pages. */
export function ThemeSection({ settings, update }: Props) {
  return (
    <section aria-labelledby="theme-heading">
      <fieldset>
        <legend>
          <h2 id="theme-heading">Theme</h2>
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
            {NAMES[theme]}{' '}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
