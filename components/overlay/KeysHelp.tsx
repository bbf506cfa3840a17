import { t } from '../../utils/i18n';
import { keysHelp } from './keys-help';

/** What every key does, shown by `?` (or the strip's "?" button): the keys are learnt where they are used. */
export function KeysHelp({ onClose }: { onClose(): void }) {
  return (
    <section className="keys-help" aria-label={t('stripKeysHelpLabel')} data-testid="keys-help">
      <div className="keys-head">
        <h3>{t('stripKeysHelpTitle')}</h3>
        <button type="button" onClick={onClose}>
          {t('stripClose')}
        </button>
      </div>
      {keysHelp().map(({ where, keys }) => (
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
