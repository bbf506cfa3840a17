/**
 * A "Report this page" file: the page's answer region as HTML, with the page's address in a `<meta>` so that
 * `npm run extract -- report.html` picks the site's adapters without being told the address.
 */
export const PAGE_URL_META = 'stageback-page-url';
export const REPORT_META = 'stageback-report';

/** What one report may weigh: a message between a tab and the background carries at most 64 MiB. */
export const MAX_REPORT_CHARS = 20_000_000;

/** The page address a report file names, or null when it is not a report (or the address is not http(s)). */
export function pageUrlOfReport(html: string): string | null {
  const head = html.slice(0, 200_000);
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!new RegExp(`\\bname\\s*=\\s*["']?${PAGE_URL_META}["'\\s>/]`, 'i').test(tag)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    const raw = content?.[1] ?? content?.[2];
    if (!raw) return null;
    const href = raw
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
    try {
      const url = new URL(href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** A file name for the report of `pageUrl` saved at `at`: `stageback-report-www.perplexity.ai-2026-12-04.html`. */
export function reportFileName(pageUrl: string, at: Date, placeholders: boolean): string {
  const host = new URL(pageUrl).hostname.replace(/[^a-z0-9.-]/gi, '_');
  const day = at.toISOString().slice(0, 10);
  return `stageback-report-${host}-${day}${placeholders ? '-placeholders' : ''}.html`;
}
