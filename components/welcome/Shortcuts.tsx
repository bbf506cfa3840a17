import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t, tParts } from '../../utils/i18n';

interface Command {
  name?: string;
  description?: string;
  shortcut?: string;
}

/** A key's name as printed on the key: not translated. */
const ESC_KEY = 'Esc';

/** The browser-wide shortcuts as the browser has them bound now (the user may have changed them). */
export function Shortcuts() {
  const [commands, setCommands] = useState<Command[] | null>(null);
  useEffect(() => {
    void browser.commands
      .getAll()
      .then((all) => setCommands(all.filter((c) => c.name && c.name !== '_execute_action')))
      .catch(() => setCommands([]));
  }, []);
  return (
    <table className="keys" data-testid="shortcuts">
      <tbody>
        {commands?.map((c) => (
          <tr key={c.name}>
            <th scope="row">
              {c.shortcut ? <kbd>{c.shortcut}</kbd> : <span className="hint">{t('welcomeShortcutNotSet')}</span>}
            </th>
            <td>{c.description}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t('welcomeShortcutRightClick')}</th>
          <td>
            {tParts('welcomeShortcutRightClickText', 1).map((part) =>
              typeof part === 'string' ? part : <q key="menu">{t('bgMenuFeedbackOnSelection')}</q>,
            )}
          </td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>R</kbd>
          </th>
          <td>{t('welcomeShortcutRefine')}</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>{ESC_KEY}</kbd>
          </th>
          <td>{t('welcomeShortcutClose')}</td>
        </tr>
      </tbody>
    </table>
  );
}
