import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { REPO_ROOT } from './browser';

export const FIREFOX_EXTENSION_DIR = path.join(REPO_ROOT, '.output/firefox-mv3');
/** The extension's internal UUID, fixed through a pref so its pages have a known address. */
export const EXTENSION_UUID = '5a6e7b1c-0d2f-4e3a-9b8c-7d6e5f4a3b2c';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr'];

/** Finds a Firefox to drive: FIREFOX_PATH, then Debian's locations; otherwise says how to install one. */
export function findFirefox(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but no file is there.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    [
      'Firefox was not found (looked at FIREFOX_PATH, /usr/bin/firefox-esr, /usr/bin/firefox).',
      'Install it with:   sudo apt-get install -y firefox-esr      (Debian/Ubuntu)',
      'or point FIREFOX_PATH at a Firefox (ESR 128 or later) binary.',
    ].join('\n'),
  );
}

export interface FirefoxWithExtension {
  browser: Browser;
  /** Where the profile saves downloads. */
  downloadDir: string;
  /** Serve `html` when a page opened with `newPage` asks for `url` (query string included). */
  servePage(url: string, html: string): void;
  /** A tab whose requests go to `servePage`'s pages or the allowed origins; every other request is aborted. */
  newPage(): Promise<Page>;
  /** A tab showing one of the extension's pages, loaded. */
  extensionPage(name: string): Promise<Page>;
  /** Reloads an extension page and waits for its load event. */
  reload(page: Page): Promise<void>;
  close(): Promise<void>;
}

interface BidiFrameInternals {
  browsingContext: {
    navigate(url: string, wait?: 'none' | 'interactive' | 'complete'): Promise<void>;
    reload(options?: { wait?: 'none' | 'interactive' | 'complete' }): Promise<void>;
  };
}

/**
 * Firefox ESR over WebDriver BiDi (puppeteer-core), with the built extension installed as a temporary add-on
 * (`webExtension.install`) in a fresh profile. Nothing reaches the network: page requests are answered from
 * `servePage` or aborted by BiDi interception, `allowOrigins` (a collector on loopback) pass; everything else the
 * browser itself might fetch goes to a proxy on a closed port (loopback is never proxied).
 */
export async function launchFirefoxWithExtension(
  options: { allowOrigins?: string[]; extensionDir?: string } = {},
): Promise<FirefoxWithExtension> {
  const allowed = new Set(options.allowOrigins ?? []);
  const extensionDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${extensionDir}/manifest.json has no gecko id: build with -b firefox`);
  const debugOutput = !!process.env.FIREFOX_DUMPIO;
  const downloadDir = await mkdtemp(path.join(tmpdir(), 'stageback-ff-downloads-'));

  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath: findFirefox(),
      headless: true,
      // FIREFOX_DUMPIO=1: the browser's output, every console message of pages, content scripts and the
      // background included, on this process's stderr.
      dumpio: debugOutput,
      // BiDi refuses to navigate to moz-extension:// pages unless system access is allowed.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
        // permissions.request (the sync consent) grants what the manifest lists as optional without the doorhanger,
        // which BiDi cannot answer. Firefox still checks the request against optional_host_permissions and still
        // requires a user gesture.
        'extensions.webextOptionalPermissionPrompts': false,
        'devtools.console.stdout.content': debugOutput,
        'devtools.console.stdout.chrome': debugOutput,
        'browser.download.folderList': 2,
        'browser.download.dir': downloadDir,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.start_downloads_in_tmp_dir': false,
        'browser.download.alwaysOpenPanel': false,
        // Off the network: any request the browser makes on its own meets a proxy on the discard port.
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': 9,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': 9,
        'network.proxy.share_proxy_settings': false,
        'network.dns.disablePrefetch': true,
        'network.prefetch-next': false,
        'browser.safebrowsing.provider.mozilla.updateURL': '',
        'extensions.blocklist.enabled': false,
        'toolkit.telemetry.enabled': false,
        'toolkit.telemetry.server': '',
      },
    })
    .catch(async (error: unknown) => {
      await rm(downloadDir, { recursive: true, force: true });
      throw error;
    });
  try {
    const installed = await browser.installExtension(extensionDir);
    if (installed !== geckoId) throw new Error(`installed ${installed}, expected ${geckoId}`);
  } catch (error) {
    await browser.close();
    throw error;
  }

  const pages = new Map<string, string>();
  const route = (request: HTTPRequest) => {
    const url = new URL(request.url());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return request.continue();
    if (allowed.has(url.origin)) return request.continue();
    const body = pages.get(url.href);
    return body === undefined
      ? request.abort('blockedbyclient')
      : request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
  };
  const frame = (page: Page) => page.mainFrame() as unknown as BidiFrameInternals;

  return {
    browser,
    downloadDir,
    servePage: (url, html) => void pages.set(new URL(url).href, html),
    async newPage() {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (request) => void route(request));
      return page;
    },
    async extensionPage(name) {
      const page = await browser.newPage();
      // puppeteer's goto waits for load events that Firefox's BiDi does not send for moz-extension documents;
      // the navigate command itself can wait for the document to be complete.
      await frame(page).browsingContext.navigate(`moz-extension://${EXTENSION_UUID}/${name}`, 'complete');
      return page;
    },
    reload: (page) => frame(page).browsingContext.reload({ wait: 'complete' }),
    async close() {
      await browser.close();
      await rm(downloadDir, { recursive: true, force: true });
    },
  };
}

/** The files in `dir` once one whose name matches `pattern` is complete (Firefox writes `.part` files first). */
export async function downloadedFile(dir: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  // Firefox creates the final name empty, then writes `<name>.part` and renames it over: a file counts as
  // downloaded once it has content, no `.part` beside it, and the same size on two looks 100 ms apart.
  let seen = { name: '', size: -1 };
  for (;;) {
    const names = await readdir(dir);
    const name = names.find((n) => pattern.test(n) && !names.includes(`${n}.part`));
    const size = name ? ((await stat(path.join(dir, name)).catch(() => null))?.size ?? 0) : 0;
    if (name && size > 0 && seen.name === name && seen.size === size) return path.join(dir, name);
    seen = { name: name ?? '', size };
    if (Date.now() > deadline) throw new Error(`no download matching ${pattern} in ${dir}: ${names.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Text of the first element matching `selector`, or null while there is none. */
export function textOf(page: Page, selector: string): Promise<string | null> {
  return page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
}

/** The strip's keyboard order: the keys list's "?", then per stage (Coverage or Sub-queries, Sources, Answer, Overall) thumbs up, thumbs down, opener. */
export const STRIP_TAB_STOPS = {
  'Coverage: good': 2,
  'Coverage: bad': 3,
  'Open Coverage panel': 4,
  'Sources: good': 5,
  'Sources: bad': 6,
  'Open Sources panel': 7,
  'Answer: good': 8,
  'Answer: bad': 9,
  'Open Answer panel': 10,
  'Overall: good': 11,
  'Overall: bad': 12,
} as const;

/**
 * Presses one of the strip's thumbs the way a keyboard user does, without reaching into its shadow root: a
 * trusted click on the strip's "Stageback" label (not a control) puts the focus navigation start there, Tab
 * walks the strip's controls in order, Enter presses the one reached. Until the answer is stored the thumbs are
 * disabled and Tab leaves the strip early, so this retries until focus is still in the strip after the last Tab.
 */
export async function pressStripThumb(
  page: Page,
  control: keyof typeof STRIP_TAB_STOPS,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const box = await page.evaluate(() => {
      const host = document.querySelector('stageback-strip');
      if (!host) return null;
      host.scrollIntoView({ block: 'center' });
      const r = host.getBoundingClientRect();
      return { x: r.x, y: r.y };
    });
    if (box) {
      // Inside the strip's border (margin 4px, border 1px, padding 4px 8px): on the brand text.
      await page.mouse.click(box.x + 14, box.y + 16);
      for (let i = 0; i < STRIP_TAB_STOPS[control]; i++) await page.keyboard.press('Tab');
      const inStrip = await page.evaluate(() => document.activeElement?.localName === 'stageback-strip');
      if (inStrip) {
        await page.keyboard.press('Enter');
        return;
      }
    }
    if (Date.now() > deadline) throw new Error(`the strip did not take feedback within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
