import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';

interface Command {
  name?: string;
  description?: string;
  shortcut?: string;
}

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
            <th scope="row">{c.shortcut ? <kbd>{c.shortcut}</kbd> : <span className="hint">not set</span>}</th>
            <td>{c.description}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">Right-click</th>
          <td>
            Select text of an AI answer on any site, right-click it, and choose <q>Give feedback on this answer</q>.
          </td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>R</kbd>
          </th>
          <td>On the Stageback bar above an answer: search again with your feedback.</td>
        </tr>
        <tr>
          <th scope="row">
            <kbd>Esc</kbd>
          </th>
          <td>Close the open panel.</td>
        </tr>
      </tbody>
    </table>
  );
}
