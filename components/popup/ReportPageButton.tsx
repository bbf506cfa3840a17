import { useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../utils/i18n';
import { contentMessaging } from '../../utils/messaging/protocol';

/** "Report this page" for the tab the popup was opened on: its answers' region opens in the report page. */
export function ReportPageButton() {
  const [message, setMessage] = useState('');
  const report = async () => {
    setMessage(t('popupReportPreparing'));
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const reply =
      tab?.id === undefined
        ? null
        : await contentMessaging.sendMessage('reportPage', undefined, tab.id).catch(() => null);
    // No reply: no strip on this tab (not a supported page, no answer, or Stageback is paused or off there).
    if (!reply) setMessage(t('popupReportNoAnswer'));
    else if (!reply.ok) setMessage(t('popupReportFailed', reply.message));
    else setMessage(t('popupReportOpened'));
  };
  return (
    <p className="report-page">
      <button type="button" title={t('popupReportButtonTitle')} onClick={() => void report()}>
        {t('popupReportButton')}
      </button>{' '}
      {message && <span role="status">{message}</span>}
    </p>
  );
}
