import { KEYS_HELP } from './keys-help';

/** What every key does, shown by `?` (or the strip's "?" button): the keys are learnt where they are used. */
export function KeysHelp({ onClose }: { onClose(): void }) {
  return (
    <section className="keys-help" aria-label="Keyboard keys" data-testid="keys-help">
      <div className="keys-head">
        <h3>Keys</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {KEYS_HELP.map(({ where, keys }) => (
        <div key={where}>
          <h4>{where}</h4>
          <dl>
            {keys.map(([key, what]) => (
              <div key={key} className="key-row">
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}
