import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../utils/i18n';
import { originPattern } from '../../utils/taught/rule';

const PICKER_SCRIPT = '/content-scripts/picker.js';

/**
 * The tab the popup acts on: the active tab of the window the popup belongs to. The popup opened as a tab of its
 * own (as the end-to-end tests open it, since a headless browser cannot open the toolbar popup over a page) names
 * the tab with `?tab=<id>`.
 */
async function targetTab() {
  const named = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(named) && named > 0) return browser.tabs.get(named);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

/**
 * "Teach Stageback this page": asks for this site only (the click is the gesture the browser's prompt needs), then
 * starts the element picker in the tab, where the user points at the answer and its sources.
 */
export function TeachSite() {
  const [message, setMessage] = useState('');
  // Read before the click: Firefox takes permissions.request only synchronously inside the click's handler.
  const [tab, setTab] = useState<{ id: number; url: URL } | null | undefined>(undefined);
  useEffect(() => {
    void targetTab()
      .then((found) => setTab(found?.id !== undefined && found.url ? { id: found.id, url: new URL(found.url) } : null))
      .catch(() => setTab(null));
  }, []);
  const teach = async () => {
    if (tab?.url.protocol !== 'https:') {
      setMessage(t('popupTeachHttpsOnly'));
      return;
    }
    const asked = browser.permissions.request({ origins: [originPattern(tab.url.origin)] });
    const allowed = await asked.catch(() => false);
    try {
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [PICKER_SCRIPT] });
    } catch {
      setMessage(t('popupTeachNoPicker'));
      return;
    }
    setMessage(allowed ? t('popupTeachPoint') : t('popupTeachPointWithoutPermission', tab.url.host));
    if (!new URLSearchParams(location.search).has('tab')) window.close();
  };
  return (
    <section aria-labelledby="teach-heading" className="teach">
      <h2 id="teach-heading">{t('popupTeachHeading')}</h2>
      <button type="button" disabled={tab === undefined} onClick={() => void teach()}>
        {t('popupTeachButton')}
      </button>
      {message && (
        <p role="status" data-testid="teach-status">
          {message}
        </p>
      )}
    </section>
  );
}
