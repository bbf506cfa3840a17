import { browser } from 'wxt/browser';
import { ADAPTERS } from '../../utils/adapters/registry';
import { t } from '../../utils/i18n';
import { type Settings, type SiteSettings, siteSettings } from '../../utils/settings';
import { withSlots } from './slots';

interface Props {
  settings: Settings;
  update: (change: (s: Settings) => Settings) => Promise<void>;
}

/** Every supported site: on or off, and passive signals (clicks, dwell, copy) on or off. */
export function SitesSection({ settings, update }: Props) {
  const set = (siteId: string, patch: Partial<SiteSettings>) =>
    update((s) => ({
      ...s,
      sites: { ...s.sites, [siteId]: { ...siteSettings(s, siteId), ...patch } },
      passiveSignalsChosen: s.passiveSignalsChosen || patch.passiveSignals !== undefined,
    }));
  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">{t('optionsSitesHeading')}</h2>
      <p className="hint">{t('optionsPassiveHint')}</p>
      {!settings.passiveSignalsChosen && (
        <p className="hint" data-testid="passive-unchosen">
          {withSlots(
            'optionsPassiveUnchosen',
            <a href={browser.runtime.getURL('/welcome.html#passive-heading')} target="_blank" rel="noreferrer">
              {t('optionsPassiveChooseLink')}
            </a>,
          )}
        </p>
      )}
      <table className="sites-table" data-testid="sites">
        <thead>
          <tr>
            <th scope="col">{t('optionsColSite')}</th>
            <th scope="col">{t('optionsSitesColOn')}</th>
            <th scope="col">{t('optionsSitesColPassive')}</th>
          </tr>
        </thead>
        <tbody>
          {ADAPTERS.map((adapter) => {
            const site = siteSettings(settings, adapter.id);
            return (
              <tr key={adapter.id}>
                <th scope="row">
                  {adapter.name}
                  {adapter.fixtures.length === 0 && <span className="hint"> {t('optionsSiteUntested')}</span>}
                </th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('optionsSiteOnLabel', adapter.name)}
                    checked={site.enabled}
                    onChange={(e) => set(adapter.id, { enabled: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('optionsSitePassiveLabel', adapter.name)}
                    checked={site.passiveSignals}
                    disabled={!site.enabled}
                    onChange={(e) => set(adapter.id, { passiveSignals: e.target.checked })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
