import { useEffect, useState } from 'react';
import { diagnosticsItem } from '../../utils/diagnostics';
import { t } from '../../utils/i18n';
import type { Diagnostic } from '../../utils/messaging/protocol';

/** Adapter failures: a site changed its markup and a stage could not be read. */
export function Diagnostics() {
  const [items, setItems] = useState<Diagnostic[]>([]);
  useEffect(() => {
    void diagnosticsItem.getValue().then(setItems);
    return diagnosticsItem.watch((v) => setItems(v ?? []));
  }, []);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="diag-heading" className="diagnostics">
      <h2 id="diag-heading">{t('popupDiagnosticsHeading')}</h2>
      <ul data-testid="diagnostics">
        {items.slice(0, 3).map((d) => (
          <li key={`${d.at}-${d.siteId}`}>
            <span className="what">{t('popupDiagnostic', d.siteId, d.adapterVersion, d.message)}</span>
            <small>{new Date(d.at).toLocaleString()}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
