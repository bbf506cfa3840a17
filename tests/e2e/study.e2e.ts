import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../collector/src/store/sqlite';
import { exportLines } from '../../collector/tests/support/client';
import {
  type CollectorProcess,
  createToken,
  runCli,
  spawnCollector,
  tempDataDir,
} from '../../collector/tests/support/process';
import {
  DEMO_PAGE,
  DEMO_URL,
  type ExtensionBrowser,
  extensionCopyGranting,
  launchWithExtension,
  readStore,
} from '../support/browser';

const CONSENT = 'Sleep answers study, run by <b>Lab X</b>.\nWe keep your feedback until 2027-06-30.';

let browser: ExtensionBrowser;
let collector: CollectorProcess;
let env: Record<string, string>;
let extensionDir: string;
let dataDir: string;
let admin: string;
let link: string;

/** The rows the collector's admin export holds for a participant. */
async function rowsOf(participantId: string) {
  return (await exportLines(collector.url, admin)).filter((l) => l.participantId === participantId);
}

async function giveThumbsUp(on: ExtensionBrowser = browser): Promise<Page> {
  const page = await on.context.newPage();
  await page.goto(DEMO_URL);
  const up = page.getByRole('button', { name: 'Overall: good' });
  await expect.poll(() => up.isEnabled(), { timeout: 15_000 }).toBe(true);
  await up.click();
  await expect.poll(() => up.getAttribute('aria-pressed')).toBe('true');
  return page;
}

/** Options → Join a study → paste the link → read → agree; returns the participant id the collector made. */
async function join(options: Page): Promise<string> {
  await options.getByTestId('study-join').click();
  await options.getByTestId('study-link').fill(link);
  await options.getByTestId('study-continue').click();
  await expect.poll(() => options.getByTestId('study-name').textContent()).toBe('Sleep answers');
  await options.getByTestId('sync-agree').click();
  const current = options.getByTestId('study-current');
  await expect.poll(() => current.isVisible(), { timeout: 10_000 }).toBe(true);
  const participantId = (await current.locator('code').textContent()) ?? '';
  expect(participantId).toMatch(/^p-[0-9a-f-]{36}$/);
  return participantId;
}

beforeAll(async () => {
  dataDir = tempDataDir();
  env = { DATA_DIR: dataDir };
  admin = await createToken(env, 'researcher', 'admin');
  collector = await spawnCollector(env);
  env.PORT = new URL(collector.url).port; // a restart comes back on the same port, as a real collector would
  const consentFile = path.join(dataDir, 'consent.md');
  await writeFile(consentFile, CONSENT);
  const created = await runCli(
    ['study', 'create', '--name', 'Sleep answers', '--consent-file', consentFile, '--url', collector.url],
    env,
  );
  link = created.trim().split('\n').at(-1) ?? '';
  extensionDir = await extensionCopyGranting(['http://127.0.0.1/*']);
  browser = await launchWithExtension({ extensionDir, allowOrigins: [new URL(collector.url).origin] });
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop();
  for (const dir of [extensionDir, dataDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a study participant in the built extension against the real collector', () => {
  it('enrols from the link, gives feedback that is synced and receipted, leaves, and the collector deletes their rows', async () => {
    expect(link).toMatch(new RegExp(`^${collector.url}/enrol/sbe_`));
    // The link opened in the browser says where to paste it.
    const linkPage = await browser.context.newPage();
    await linkPage.goto(link);
    expect(await linkPage.locator('h1').textContent()).toBe('Join the study “Sleep answers”');
    expect(await linkPage.locator('body').textContent()).toContain('Join a study');
    await linkPage.close();

    const options = await browser.extensionPage('options.html');
    await options.getByTestId('study-join').click();
    await options.getByTestId('study-link').fill(`${collector.url}/enrol/sbe_AAAAAAAAAAAAAAAAAAAAAA`);
    await options.getByTestId('study-continue').click();
    await expect
      .poll(() => options.getByTestId('study-error').textContent())
      .toMatch(/knows no study with this enrolment code/);
    await options.getByTestId('study-link').fill(link);
    await options.getByTestId('study-continue').click();
    const consentText = options.getByTestId('study-consent-text');
    await expect.poll(() => consentText.textContent()).toBe(CONSENT); // as text: the <b> is shown, not applied
    expect(await consentText.locator('b').count()).toBe(0);
    expect(await options.getByTestId('study-collector-origin').textContent()).toBe(collector.url);
    expect(await options.getByTestId('sync-consent').textContent()).toContain('Leave the study here at any time');
    await options.getByTestId('sync-agree').click();
    const current = options.getByTestId('study-current');
    await expect.poll(() => current.isVisible(), { timeout: 10_000 }).toBe(true);
    const participantId = (await current.locator('code').textContent()) ?? '';
    expect(participantId).toMatch(/^p-[0-9a-f-]{36}$/);
    await expect
      .poll(() => options.getByTestId('sync-participant').textContent(), { timeout: 10_000 })
      .toBe(`Participant: ${participantId} (set by your token)`);
    // The token the collector issued is the extension's own, kept where content scripts cannot read it.
    const secrets = await readStore<{ key: string; value: string }>(options, 'secrets');
    expect(secrets.find((s) => s.key === 'syncToken')?.value).toMatch(/^sbk_/);

    const page = await giveThumbsUp();
    await expect.poll(async () => (await rowsOf(participantId)).length, { timeout: 20_000 }).toBe(2);
    expect(new Set((await rowsOf(participantId)).map((r) => r.studyId))).toEqual(new Set(['sleep-answers']));

    // What I gave: the popup shows the local count and, after the upload, the collector's receipt.
    const popup = await browser.extensionPage('popup.html');
    const given = popup.getByTestId('study-given');
    await expect
      .poll(() => given.getByTestId('given-receipts').textContent(), { timeout: 15_000 })
      .toMatch(
        /^The collector confirmed it holds 1 answer and 1 feedback item from you \(Sub-queries 0 · Sources 0 · Answer 0 · Overall 1\)/,
      );
    expect(await given.getByTestId('given-local').textContent()).toMatch(
      /^You gave 1 feedback item on 1 answer: Sub-queries 0 · Sources 0 · Answer 0 · Overall 1\. Last upload: just now\.$/,
    );
    await expect
      .poll(() => options.getByTestId('given-receipts').textContent(), { timeout: 10_000 })
      .toMatch(/confirmed it holds 1 answer and 1 feedback item/);

    // Leave: the collector's answer is shown, then the local copy can go too.
    await options.getByTestId('study-leave').click();
    await options.getByTestId('study-leave-confirm').click();
    await expect
      .poll(() => options.getByTestId('withdrawal-status').textContent(), { timeout: 15_000 })
      .toBe(
        'You left "Sleep answers". The collector deleted 1 answer and 1 feedback item it held from you, and no longer accepts your access token.',
      );
    expect(await rowsOf(participantId)).toEqual([]);
    expect(await runCli(['study', 'list'], env)).toMatch(
      /^sleep-answers {2}"Sleep answers" {2}enrolled 1 {2}withdrawn 1$/m,
    );
    // The researcher's dashboard says the same: one participant, withdrawn, and none of their feedback counted.
    const dashboard = async (what: string) => {
      const res = await fetch(`${collector.url}/v1/dashboard/${what}?study=sleep-answers`, {
        headers: { Authorization: `Bearer ${admin}` },
      });
      expect(res.status).toBe(200);
      return res.json();
    };
    expect(await dashboard('participants')).toMatchObject({ enrolled: 1, active: 0, withdrawn: 1 });
    expect((await dashboard('feedback')).feedback).toEqual([]);
    await expect.poll(() => options.getByTestId('sync-status-line').textContent()).toMatch(/^Sync off/);
    expect((await readStore(options, 'events')).length).toBe(1);
    await options.getByTestId('withdrawal-delete-local').click();
    await expect
      .poll(() => options.getByTestId('withdrawal-local').textContent())
      .toMatch(/^Deleted 1 feedback item and 1 answer from this browser\./);
    expect(await readStore(options, 'events')).toEqual([]);
    expect((await readStore<{ key: string }>(options, 'secrets')).map((s) => s.key)).toEqual([]);
    await page.close();
  });

  it('keeps a withdrawal the collector cannot receive, says nothing was deleted, and completes it once the collector is back', async () => {
    const options = await browser.extensionPage('options.html');
    const participantId = await join(options);
    await giveThumbsUp();
    await expect.poll(async () => (await rowsOf(participantId)).length, { timeout: 20_000 }).toBe(2);

    await collector.stop();
    await options.getByTestId('study-leave').click();
    await options.getByTestId('study-leave-confirm').click();
    const status = options.getByTestId('withdrawal-status');
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toMatch(
        /^Leaving "Sleep answers": the collector could not be reached yet \(The collector could not be reached\.\)\. Nothing has been deleted there yet\. Stageback keeps trying \(next try at .+\), also after the browser restarts\./,
      );
    expect(await options.getByTestId('withdrawal-delete-local').count()).toBe(0); // nothing offered before it is done
    const popup = await browser.extensionPage('popup.html');
    await expect
      .poll(() => popup.getByTestId('popup-withdrawal').textContent(), { timeout: 10_000 })
      .toMatch(/could not be reached yet.*Nothing has been deleted there yet/);

    // True: the collector's file (read while it is down) still holds the participant's rows.
    const file = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const count = (table: string) =>
        file.prepare(`SELECT count(*) FROM ${table} WHERE participant_id = ?`).pluck().get(participantId);
      expect([count('traces'), count('events')]).toEqual([1, 1]);
    } finally {
      file.close();
    }

    collector = await spawnCollector(env);
    // Retried by itself (backoff), no click needed.
    await expect
      .poll(() => status.textContent(), { timeout: 45_000 })
      .toBe(
        'You left "Sleep answers". The collector deleted 1 answer and 1 feedback item it held from you, and no longer accepts your access token.',
      );
    expect(await rowsOf(participantId)).toEqual([]);
    expect(await runCli(['study', 'list'], env)).toMatch(/enrolled 2 {2}withdrawn 2$/m);
    await expect.poll(() => popup.getByTestId('popup-withdrawal').count()).toBe(0);
    await options.getByTestId('withdrawal-keep-local').click();
    await expect.poll(() => options.getByTestId('study-join').isVisible()).toBe(true);
    expect((await readStore(options, 'events')).length).toBe(1); // kept, as asked
  });

  it('sends a withdrawal left waiting when the browser closed as soon as the browser starts again', async () => {
    const profileDir = await mkdtemp(path.join(tmpdir(), 'stageback-profile-'));
    const launch = async () => {
      const b = await launchWithExtension({ extensionDir, profileDir, allowOrigins: [new URL(collector.url).origin] });
      b.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
      return b;
    };
    let first: ExtensionBrowser | undefined = await launch();
    let second: ExtensionBrowser | undefined;
    try {
      const options = await first.extensionPage('options.html');
      const participantId = await join(options);
      await giveThumbsUp(first);
      await expect.poll(async () => (await rowsOf(participantId)).length, { timeout: 20_000 }).toBe(2);

      await collector.stop();
      await options.getByTestId('study-leave').click();
      await options.getByTestId('study-leave-confirm').click();
      await expect
        .poll(() => options.getByTestId('withdrawal-status').textContent(), { timeout: 15_000 })
        .toMatch(/could not be reached yet.*Nothing has been deleted there yet/);
      await first.close();
      first = undefined;

      collector = await spawnCollector(env);
      second = await launch();
      const again = await second.extensionPage('options.html');
      await expect
        .poll(() => again.getByTestId('withdrawal-status').textContent(), { timeout: 45_000 })
        .toBe(
          'You left "Sleep answers". The collector deleted 1 answer and 1 feedback item it held from you, and no longer accepts your access token.',
        );
      expect(await rowsOf(participantId)).toEqual([]);
    } finally {
      await first?.close();
      await second?.close();
      await rm(profileDir, { recursive: true, force: true });
    }
  });
});
