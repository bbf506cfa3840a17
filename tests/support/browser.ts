import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { findChromium } from './chromium';
import { pierceClosedShadowRoots } from './closed-shadow';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** STAGEBACK_EXTENSION_DIR runs the tests against another build (e.g. an older one, to see a new test fail). */
export const EXTENSION_DIR = process.env.STAGEBACK_EXTENSION_DIR ?? path.join(REPO_ROOT, '.output/chrome-mv3');
export const REAL_PAGES_DIR = path.resolve(REPO_ROOT, '../shared/fixtures/real-pages');
export const DEMO_PAGE = path.join(REPO_ROOT, 'tests/pages/demo-google-ai-overview.html');
export const DEMO_URL = 'https://www.google.com/search?q=how+much+sleep+do+adults+need';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** Serve `html` when the browser asks for `url` (query string included). */
  servePage(url: string, html: string): void;
  extensionPage(name: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Chromium with the built extension loaded. Nothing reaches the
 * network: pages registered with `servePage` are answered from memory under
 * their real URLs, every other request is aborted.
 */
export async function launchWithExtension(
  options: {
    headless?: boolean;
    allowOrigins?: string[];
    extensionDir?: string;
    /** A profile folder to launch with and keep (to launch again on it: a browser restart); default a fresh one. */
    profileDir?: string;
    /**
     * Let Playwright's locators see into the extension's closed shadow roots (tests/support/closed-shadow.ts), on
     * every page of the browser; on by default. Turn it off for tests that play the hostile page, and for
     * benches where the DevTools DOM tracking it needs would add to the figure.
     */
    pierceClosedShadowRoots?: boolean;
  } = {},
): Promise<ExtensionBrowser> {
  const browser = (await launchBrowser({ ...options, extension: true })) as ExtensionBrowser;
  if (options.pierceClosedShadowRoots ?? true) {
    const install = (page: Page) => void pierceClosedShadowRoots(page).catch(() => {});
    for (const page of browser.context.pages()) install(page);
    browser.context.on('page', install);
  }
  return browser;
}

/** The same browser without the extension: the baseline for page-cost benchmarks. */
export async function launchWithoutExtension(): Promise<
  Omit<ExtensionBrowser, 'extensionId' | 'serviceWorker' | 'extensionPage'>
> {
  return launchBrowser({ extension: false });
}

/**
 * `allowOrigins` (e.g. a collector on loopback) are the only origins whose requests reach the network; every
 * other http(s) request is answered from `servePage` or aborted.
 */
async function launchBrowser(options: {
  headless?: boolean;
  extension: boolean;
  allowOrigins?: string[];
  extensionDir?: string;
  profileDir?: string;
}) {
  const allowed = new Set(options.allowOrigins ?? []);
  const profile = options.profileDir ?? (await mkdtemp(path.join(tmpdir(), 'stageback-profile-')));
  const dir = options.extensionDir ?? EXTENSION_DIR;
  const extensionArgs = options.extension ? [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`] : [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: options.headless ?? true,
    args: [
      ...extensionArgs,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // tsx (esbuild keepNames) wraps functions passed to page.evaluate in __name(); give pages a no-op one.
  await context.addInitScript('globalThis.__name ??= (f) => f;');
  const pages = new Map<string, string>();
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:') && !allowed.has(url.origin),
    (route) => {
      const body = pages.get(route.request().url());
      return body === undefined
        ? route.abort('blockedbyclient')
        : route.fulfill({ contentType: 'text/html; charset=utf-8', body });
    },
  );
  const base = {
    context,
    servePage: (url: string, html: string) => void pages.set(new URL(url).href, html),
    async close() {
      await context.close();
      if (options.profileDir === undefined) await rm(profile, { recursive: true, force: true });
    },
  };
  if (!options.extension) return base;
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    ...base,
    extensionId,
    serviceWorker,
    async extensionPage(name: string) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${name}`);
      return page;
    },
  };
}

/** A copy of the built extension in a temporary folder, to change for one test or bench. Remove it afterwards. */
export async function extensionCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stageback-ext-'));
  await cp(EXTENSION_DIR, dir, { recursive: true });
  return dir;
}

/**
 * A copy of the built extension whose manifest already grants `origins`. Playwright cannot answer the browser's
 * permission prompt, and `permissions.request` for an origin already granted resolves true without one; so a
 * test can click through the real "turn sync on" flow. Remove the returned folder after the test.
 */
export async function extensionCopyGranting(origins: string[]): Promise<string> {
  const dir = await extensionCopy();
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...origins];
  await writeFile(manifestPath, JSON.stringify(manifest));
  return dir;
}

/**
 * Saved pages carry the site's own scripts. None may run or reach for the network, so external ones are dropped;
 * inline ones keep their text under a type no browser runs, as on the live page the adapters read it (Google's
 * citation data lives there) and reading it is part of what the overlay costs.
 */
export function withInertScripts(html: string): string {
  return html
    .replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (_all, attrs: string, body: string) =>
      /\ssrc\s*=/i.test(attrs) ? '' : `<script type="text/x-inert">${body}</script>`,
    )
    .replace(/<script\b[^>]*\/>/gi, '');
}

export async function readSavedPage(relativePath: string): Promise<string> {
  return withInertScripts(await readFile(path.join(REAL_PAGES_DIR, relativePath), 'utf8'));
}

/** Waits until the strip on `page` takes feedback: its controls are enabled once the answer's trace is stored. */
export async function stripTakesFeedback(page: Page): Promise<void> {
  await page.locator('stageback-strip button[aria-label="Overall: good"]:not([disabled])').waitFor({ timeout: 15_000 });
}

/** Reads whole tables of the extension's IndexedDB from inside the extension. */
export async function readStore<T = unknown>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('stageback');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => {
            resolve(request.result as T[]);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
    table,
  );
}

/**
 * Clicks the extension's toolbar action on the page's tab through CDP: the user
 * gesture that grants activeTab, as the context menu and the shortcut do.
 */
export async function grantActiveTab(browser: ExtensionBrowser, page: Page): Promise<void> {
  // The action acts on the active tab: the welcome tab the install opens may have come to the front since.
  await page.bringToFront();
  const cdp = await browser.context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('no browser CDP session');
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never);
  const tab = targetInfos.find((t) => t.type === 'tab' && t.url === page.url());
  if (!tab) throw new Error(`no tab target for ${page.url()}`);
  await cdp.send('Extensions.triggerAction', { id: browser.extensionId, targetId: tab.targetId });
  await cdp.detach();
}
