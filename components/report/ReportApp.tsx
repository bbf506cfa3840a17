import { useEffect, useId, useState } from 'react';
import { adaptersForUrl } from '../../utils/adapters/registry';
import { sendMessage } from '../../utils/messaging/protocol';
import { type AnswerRegion, trimToAnswerRegion } from '../../utils/report/answer-region';
import { replaceWithPlaceholders } from '../../utils/report/placeholders';
import { reportFileName } from '../../utils/report/report-file';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { useTheme } from '../log/use-theme';

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

const kB = (chars: number) => `${Math.max(1, Math.round(chars / 1024)).toLocaleString('en')} kB`;

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

  if (loaded.state === 'loading') return <main className="options">Preparing the report…</main>;
  if (loaded.state === 'gone') {
    return (
      <main className="options">
        <h1>Report this page</h1>
        <p role="alert">This report is no longer here. Go back to the page and use “Report page” again.</p>
      </main>
    );
  }
  const { report } = loaded;
  const save = () => {
    const name = reportFileName(report.pageUrl, new Date(), placeholders);
    download(fileText(report.region.html, placeholders), name);
    setSaved(`Saved as ${name} in your browser’s downloads.`);
  };
  return (
    <main className="options">
      <h1>Report this page</h1>
      <p>
        When Stageback reads an answer wrongly or not at all, a copy of the page lets the reading be fixed.{' '}
        {`This saves ${report.region.trimmed ? 'the part of the page around the answer' : 'the page'} as a file of ${kB(report.region.html.length)}, without Stageback’s own controls.`}{' '}
        Nothing is sent anywhere: share the file yourself if you want to.
      </p>
      <p>
        Page: <span data-testid="report-page-url">{shown(report.pageUrl)}</span>
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
        <label htmlFor={id}>Replace the page’s words with placeholders (xxxx) to keep what it said private</label>
      </p>
      <p className="hint">
        With placeholders, the layout stays and every letter becomes x; the links to the sources are kept, because the
        reading is checked against them. Without them, the file holds the answer as the page showed it.
      </p>
      <button type="button" onClick={save}>
        Save file
      </button>
      {saved && <p role="status">{saved}</p>}
    </main>
  );
}
