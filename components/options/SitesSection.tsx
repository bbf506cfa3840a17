import { browser } from 'wxt/browser';
import { ADAPTERS } from '../../utils/adapters/registry';
import { type Settings, type SiteSettings, siteSettings } from '../../utils/settings';

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
      <h2 id="sites-heading">Sites</h2>
      <p className="hint">
        Passive signals are what you do without giving feedback: opening a source, time on the answer, copying.
      </p>
      {!settings.passiveSignalsChosen && (
        <p className="hint" data-testid="passive-unchosen">
          Passive signals are off until you choose.{' '}
          <a href={browser.runtime.getURL('/welcome.html#passive-heading')} target="_blank" rel="noreferrer">
            Choose on the welcome page
          </a>{' '}
          or turn them on for a site below.
        </p>
      )}
      <table className="sites-table" data-testid="sites">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">Stageback on</th>
            <th scope="col">Passive signals</th>
          </tr>
        </thead>
        <tbody>
          {ADAPTERS.map((adapter) => {
            const site = siteSettings(settings, adapter.id);
            return (
              <tr key={adapter.id}>
                <th scope="row">
                  {adapter.name}
                  {adapter.fixtures.length === 0 && (
                    <span className="hint"> (not yet tested on a saved page of this site: it may miss parts)</span>
                  )}
                </th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${adapter.name}: Stageback on`}
                    checked={site.enabled}
                    onChange={(e) => set(adapter.id, { enabled: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${adapter.name}: passive signals`}
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
