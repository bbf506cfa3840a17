import { useState } from 'react';
import { browser } from 'wxt/browser';
import { contentMessaging } from '../../utils/messaging/protocol';

/** "Report this page" for the tab the popup was opened on: its answers' region opens in the report page. */
export function ReportPageButton() {
  const [message, setMessage] = useState('');
  const report = async () => {
    setMessage('Preparing the report…');
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const reply =
      tab?.id === undefined
        ? null
        : await contentMessaging.sendMessage('reportPage', undefined, tab.id).catch(() => null);
    // No reply: no strip on this tab (not a supported page, no answer, or Stageback is paused or off there).
    if (!reply) setMessage('Stageback shows no answer on this page, so there is nothing to report.');
    else if (!reply.ok) setMessage(`Could not report this page: ${reply.message}`);
    else setMessage('The report opened in a new tab.');
  };
  return (
    <p className="report-page">
      <button
        type="button"
        title="Save this page's answer as a file, to show how Stageback reads it wrongly"
        onClick={() => void report()}
      >
        Report this page
      </button>{' '}
      {message && <span role="status">{message}</span>}
    </p>
  );
}
