/**
 * Prints what the site adapters read from a saved page, as TraceDraft JSON.
 *   npm run extract -- <saved-page.html> --url <page URL>
 * A file saved with "Report this page" names its page itself: `--url` may be left out (and wins when given).
 * Exit codes: 0 an answer was found, 3 the page has none, 2 bad arguments or unreadable file.
 */
import { readFile } from 'node:fs/promises';
import { readPage, toTraceDraft } from '../utils/adapters/read-page';
import { adaptersForUrl } from '../utils/adapters/registry';
import { pageUrlOfReport } from '../utils/report/report-file';
import { parseSavedPage } from './saved-page';

const USAGE =
  'usage: npm run extract -- <saved-page.html> [--url <page URL>] (--url may be left out for a reported page)';

function fail(message: string): never {
  process.stderr.write(`extract: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { file: string; url: string | undefined } {
  let file: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--url') url = argv[++i];
    else if (arg?.startsWith('--url=')) url = arg.slice('--url='.length);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg?.startsWith('-')) fail(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else fail(`unexpected argument ${arg}`);
  }
  if (!file) fail('missing the saved page file');
  return { file, url };
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(`not a URL: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') fail(`not an http(s) URL: ${url}`);
  return parsed;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { file } = args;
  let html: string;
  try {
    html = await readFile(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const href = args.url ?? pageUrlOfReport(html);
  if (!href) fail(`missing --url: ${file} does not name its page (only files saved with "Report page" do)`);
  const url = parseUrl(href);
  if (adaptersForUrl(url).length === 0) fail(`no adapter claims ${url.href}`);
  const doc = parseSavedPage(html, url.href);
  const now = new Date();
  const drafts = readPage(doc, url).map(({ adapter, reading }) => toTraceDraft(adapter, reading, url, now));
  process.stdout.write(`${JSON.stringify(drafts, null, 2)}\n`);
  if (drafts.length === 0) {
    process.stderr.write(`extract: no AI answer found in ${file}\n`);
    process.exit(3);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`extract: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
