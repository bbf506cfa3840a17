import { useEffect, useId, useState } from 'react';
import { adaptersForUrl } from '../../utils/adapters/registry';
import { t, tParts } from '../../utils/i18n';
import { sendMessage } from '../../utils/messaging/protocol';
import { type AnswerRegion, trimToAnswerRegion } from '../../utils/report/answer-region';
import { replaceWithPlaceholders } from '../../utils/report/placeholders';
import { reportFileName } from '../../utils/report/report-file';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { useTheme } from '../log/use-theme';
import { formatNumber } from '../log/words';

interface Report {
  pageUrl: string;
  region: AnswerRegion;
}
type Loaded = { state: 'loading' } | { state: 'gone' } | { state: 'ready'; report: Report };

/** The page's answer region, checked with the same adapters that read it on the page. */
function regionOf(pageUrl: string, snapshot: string): AnswerRegion {
  const url = new URL(pageUrl);
  const adapters = adaptersForUrl(url);
  return trimToAnswerRegion(snapshot, pageUrl, {
    read: (doc) => adapters.flatMap((adapter) => adapter.read(doc, url)),
  });
}

/** The report file as saved: the page's region as it was, or with its words replaced by placeholders. */
function fileText(html: string, placeholders: boolean): string {
  if (!placeholders) return html;
  // Parsed, never shown: a parsed document runs no script and loads nothing.
  const doc = new DOMParser().parseFromString(html, 'text/html');
  replaceWithPlaceholders(doc);
  return `<!DOCTYPE html>\n${doc.documentElement.outerHTML}\n`;
}

/** Saves through the browser's own downloads, from this extension page: no download permission is needed. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/html;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const kB = (chars: number) => t('reportSize', formatNumber(Math.max(1, Math.round(chars / 1024))));

/** "Report this page": what will be saved, the placeholder choice, and the button that saves the file. */
export function ReportApp() {
  useTheme();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [placeholders, setPlaceholders] = useState(true);
  const [saved, setSaved] = useState('');
  const id = useId();

  useEffect(() => {
    const reportId = location.hash.slice(1);
    void sendMessage('getReport', reportId)
      .then((reply) => {
        if (!reply.ok || !reply.data) return setLoaded({ state: 'gone' });
        const { pageUrl, html } = reply.data;
        // Trimming reads the page again many times: after "Preparing the report…" is on screen.
        setTimeout(() => setLoaded({ state: 'ready', report: { pageUrl, region: regionOf(pageUrl, html) } }), 0);
      })
      .catch(() => setLoaded({ state: 'gone' }));
  }, []);

  if (loaded.state === 'loading') return <main className="options">{t('reportPreparing')}</main>;
  if (loaded.state === 'gone') {
    return (
      <main className="options">
        <h1>{t('reportHeading')}</h1>
        <p role="alert">{t('reportGone')}</p>
      </main>
    );
  }
  const { report } = loaded;
  const save = () => {
    const name = reportFileName(report.pageUrl, new Date(), placeholders);
    download(fileText(report.region.html, placeholders), name);
    setSaved(t('reportSavedAs', name));
  };
  return (
    <main className="options">
      <h1>{t('reportHeading')}</h1>
      <p>
        {t('reportIntro')}{' '}
        {t(report.region.trimmed ? 'reportSavesRegion' : 'reportSavesPage', kB(report.region.html.length))}{' '}
        {t('reportNothingSent')}
      </p>
      <p>
        {tParts('reportPage', 1).map((part) =>
          part === 0 ? (
            <span key="url" data-testid="report-page-url">
              {shown(report.pageUrl)}
            </span>
          ) : (
            part
          ),
        )}
      </p>
      <p>
        <input
          id={id}
          type="checkbox"
          checked={placeholders}
          onChange={(e) => {
            setPlaceholders(e.target.checked);
            setSaved('');
          }}
        />{' '}
        <label htmlFor={id}>{t('reportPlaceholders')}</label>
      </p>
      <p className="hint">{t('reportPlaceholdersHint')}</p>
      <button type="button" onClick={save}>
        {t('reportSave')}
      </button>
      {saved && <p role="status">{saved}</p>}
    </main>
  );
}
