import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorProcess, runCli, spawnCollector, tempDataDir } from '../../collector/tests/support/process';
import {
  type ExtensionBrowser,
  extensionCopyGranting,
  launchWithExtension,
  REPO_ROOT,
  stripTakesFeedback,
} from '../support/browser';

// A study offers a taught site; a participant sees it in the options and adds it; its answers then get the strip.
const ORIGIN = 'https://askwell.example';
const URL_ = `${ORIGIN}/search?q=how+do+tides+work`;
const RULE = {
  id: 'study-rule-1',
  origin: ORIGIN,
  pathPrefix: '/search',
  name: 'askwell.example',
  answer: ['div[data-panel="generated-answer"]'],
  sources: ['body > div > div:nth-of-type(2) > ol'],
  createdAt: '2026-12-01T10:00:00.000Z',
  from: { kind: 'user' },
};

let browser: ExtensionBrowser;
let collector: CollectorProcess;
let extensionDir: string;
let dataDir: string;
let link: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  const rulesDir = path.join(dataDir, 'study-rules');
  await mkdir(rulesDir, { recursive: true });
  await writeFile(
    path.join(rulesDir, 'tides.json'),
    JSON.stringify({ format: 'stageback-taught-rules', version: 1, rules: [RULE] }),
  );
  const env = { DATA_DIR: dataDir, STUDY_RULES_DIR: rulesDir };
  collector = await spawnCollector(env);
  const consentFile = path.join(dataDir, 'consent.md');
  await writeFile(consentFile, 'Tides study.');
  const created = await runCli(
    ['study', 'create', '--name', 'Tides', '--consent-file', consentFile, '--url', collector.url],
    env,
  );
  link = created.trim().split('\n').at(-1) ?? '';
  // The collector on loopback and the offered site, granted in the manifest: Playwright cannot answer the prompts.
  extensionDir = await extensionCopyGranting(['http://127.0.0.1/*', `${ORIGIN}/*`]);
  browser = await launchWithExtension({ extensionDir, allowOrigins: [new URL(collector.url).origin] });
  browser.servePage(URL_, await readFile(path.join(REPO_ROOT, 'tests/pages/unknown-engine-answer.html'), 'utf8'));
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
  for (const dir of [extensionDir, dataDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('taught sites a study offers', () => {
  it('are shown to a participant, who adds one; its answers then get the strip', async () => {
    const options = await browser.extensionPage('options.html');
    await options.getByTestId('study-join').click();
    await options.getByTestId('study-link').fill(link);
    await options.getByTestId('study-continue').click();
    await options.getByTestId('sync-agree').click();
    await options.getByTestId('study-current').waitFor({ timeout: 10_000 });
    // The offer is read when the options open.
    await options.reload();
    const offer = options.getByTestId('study-rules');
    await offer.waitFor({ timeout: 10_000 });
    expect(await offer.locator('h3').textContent()).toBe('Sites your study “Tides” offers');
    expect(await options.getByTestId('taught-sites').count()).toBe(0);

    await offer.getByRole('button', { name: 'Add askwell.example' }).click();
    await expect.poll(() => offer.locator('li').textContent()).toBe('askwell.example (pages under /search) added');
    expect(await options.getByTestId('taught-sites').locator('tbody tr').first().textContent()).toMatch(
      /your study “Tides”YesRemove$/,
    );

    const tab = await browser.context.newPage();
    await tab.goto(URL_);
    await stripTakesFeedback(tab);
  });
});
