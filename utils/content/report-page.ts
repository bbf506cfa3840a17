import type { AnswerStore } from '../../components/overlay/state/answer-store';
import { t } from '../i18n';
import { sendMessage } from '../messaging/protocol';
import { MAX_REPORT_CHARS } from '../report/report-file';
import { snapshotPage } from './page-snapshot';

export type ReportResult = { ok: true } | { ok: false; message: string };

/**
 * "Report this page": a snapshot of the page with the answers around `roots` marked goes to the background, which
 * opens the report page in a new tab (where it is trimmed to the answer region, and saved as the user chooses).
 * Nothing leaves the browser.
 */
export async function reportAnswers(roots: Element[]): Promise<ReportResult> {
  if (roots.length === 0) return { ok: false, message: t('stripReportNoAnswer') };
  const url = new URL(location.href);
  url.hash = '';
  const html = snapshotPage(document, roots);
  if (html.length > MAX_REPORT_CHARS) return { ok: false, message: t('stripReportTooLarge') };
  const reply = await sendMessage('openReport', { pageUrl: url.href, html }).catch((error: unknown) => ({
    ok: false as const,
    error: { message: error instanceof Error ? error.message : String(error) },
  }));
  return reply.ok ? { ok: true } : { ok: false, message: reply.error.message };
}

/** The strip's "Report page": reports its answer and says on the strip what happened. */
export async function reportFromStrip(store: AnswerStore, root: Element): Promise<void> {
  store.setState({ status: { kind: 'saving', message: t('stripReportPreparing') } });
  const result = await reportAnswers([root]).catch((error: unknown) => ({
    ok: false as const,
    message: error instanceof Error ? error.message : String(error),
  }));
  store.setState({
    status: result.ok
      ? { kind: 'idle', message: t('stripReportOpened') }
      : { kind: 'error', message: t('stripReportFailed', result.message) },
  });
}
