/**
 * The shadow agent on a real saved page: with a prior history imported on the log page (the user flagged pages of
 * two sites as unreliable on other saved answers, confirming earlier suggestions), the strip on a new answer
 * citing those sites suggests flagging them; Y confirms one and N rejects another, and the store holds each
 * proposal (`shadow`) and then the answer to it (`shadow_confirmed` / `shadow_rejected`) superseding it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_FORMAT_NAME } from '../../storage/exports/formats/jsonl';
import { type FeedbackEvent, SCHEMA_VERSION, type Trace } from '../../storage/schema';
import { contentHash } from '../../storage/trace-store';
import { AGENT_NAMES, TIER1_VERSION } from '../../utils/shadow/kinds';
import { uuidv7 } from '../../utils/uuidv7';
import { HAVE_REAL_PAGES, readRealPageTraces } from '../fixtures/shadow-history/pages';
import {
  type ExtensionBrowser,
  launchWithExtension,
  REAL_PAGES_DIR,
  readSavedPage,
  readStore,
} from '../support/browser';

const VISIT = 'perplexity/how_to_improve_sleep_perplexity.html';
const DOUBTED = ['healthline.com', 'sleepfoundation.org'];
const DAY = 86_400_000;
/** Other saved answers citing those sites (reading every saved page would take a minute). */
const PRIOR = [
  'google/how_to_improve_sleep_google_ai.html',
  'google/how_to_sleep_better_google_ai.html',
  'perplexity/how_to_sleep_better_perplexity.html',
  'google/best_diets_for_heart_health_google_ai.html',
];

/** A prior history on other saved pages: each page of a doubted site flagged, as a confirmed suggestion. */
async function priorHistory(): Promise<string> {
  const pages = readRealPageTraces(new Date(), (file) => PRIOR.includes(file));
  const lines = [
    JSON.stringify({ format: LOG_FORMAT_NAME, schemaVersion: SCHEMA_VERSION, exportedAt: new Date().toISOString() }),
  ];
  let at = Date.now() - 30 * DAY;
  const hashes = new Set<string>();
  for (const { draft } of pages) {
    const doubted = draft.sources.filter((s) => DOUBTED.includes(s.domain));
    if (doubted.length === 0) continue;
    const hash = await contentHash(draft);
    if (hashes.has(hash)) continue;
    hashes.add(hash);
    at += DAY / 2;
    const trace: Trace = { ...draft, id: uuidv7(at), capturedAt: new Date(at).toISOString(), contentHash: hash };
    lines.push(JSON.stringify({ type: 'trace', trace }));
    for (const source of doubted) {
      const base = {
        schemaVersion: SCHEMA_VERSION,
        traceId: trace.id,
        stage: 'retrieval',
        target: { type: 'source', sourceId: source.id },
        kind: 'label',
        value: { label: 'unreliable_source' },
        agent: { name: AGENT_NAMES[1], version: TIER1_VERSION, confidence: 0.9 },
        evidence: { question: `Is ${source.domain} unreliable here?`, why: 'An earlier suggestion.' },
      };
      const proposedAt = at + 1000;
      const confirmedAt = at + 2000;
      at = confirmedAt;
      const proposal = {
        ...base,
        id: uuidv7(proposedAt),
        createdAt: new Date(proposedAt).toISOString(),
        origin: 'shadow',
      };
      const confirmed = {
        ...base,
        id: uuidv7(confirmedAt),
        createdAt: new Date(confirmedAt).toISOString(),
        origin: 'shadow_confirmed',
        supersedes: proposal.id,
      };
      lines.push(
        JSON.stringify({ type: 'event', event: proposal }),
        JSON.stringify({ type: 'event', event: confirmed }),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!HAVE_REAL_PAGES)('shadow suggestions on a real saved Perplexity answer', () => {
  let browser: ExtensionBrowser;
  let log: Page;
  beforeAll(async () => {
    browser = await launchWithExtension();
    log = await browser.extensionPage('log.html');
  });
  afterAll(() => browser?.close());

  it('after importing a prior history, proposes; Y confirms and N rejects, each superseding its proposal', {
    timeout: 240_000,
  }, async () => {
    await log.getByTestId('import-file').setInputFiles({
      name: 'history.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(await priorHistory()),
    });
    await log.getByTestId('import-apply').click();
    await expect.poll(() => log.getByTestId('import-status').textContent(), { timeout: 20_000 }).toMatch(/^Imported/);
    const profile = await readStore<{ key: string }>(log, 'shadowProfile');
    expect(profile.map((r) => r.key)).toEqual(expect.arrayContaining(DOUBTED.map((d) => `d|${d}`)));

    const url = (
      JSON.parse(
        readFileSync(path.join(REAL_PAGES_DIR, 'facts.jsonl'), 'utf8')
          .split('\n')
          .find((l) => l.includes(`"${VISIT}"`)) ?? '{}',
      ) as { url: string }
    ).url;
    browser.servePage(url, await readSavedPage(VISIT));
    const page = await browser.context.newPage();
    await page.goto(url);
    const suggestions = page.locator(
      'stageback-strip [data-testid="shadow-proposals"] li[data-kind="unreliable_source"]',
    );
    await expect.poll(() => suggestions.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.locator('stageback-strip [data-testid="shadow-proposals"] li').count()).toBeLessThanOrEqual(3);

    const first = suggestions.first();
    const firstId = await first.getAttribute('data-proposal');
    expect(await first.textContent()).toMatch(/Is (healthline\.com|sleepfoundation\.org) unreliable here\?/);
    await first.getByRole('button', { name: 'Why?' }).click();
    expect(await first.getByTestId('proposal-why').textContent()).toMatch(
      /You flagged \d+ pages from .+ as unreliable/,
    );
    await first.getByRole('button', { name: 'Yes' }).focus();
    await page.keyboard.press('y');
    await expect.poll(() => page.locator(`stageback-strip li[data-proposal="${firstId}"]`).count()).toBe(0);

    const second = suggestions.first();
    const secondId = await second.getAttribute('data-proposal');
    await second.getByRole('button', { name: 'Yes' }).focus();
    await page.keyboard.press('n');
    await expect.poll(() => page.locator(`stageback-strip li[data-proposal="${secondId}"]`).count()).toBe(0);

    const events = await readStore<FeedbackEvent>(log, 'events');
    const proposal = events.find((e) => e.id === firstId);
    const rejected = events.find((e) => e.id === secondId);
    expect(proposal).toMatchObject({ origin: 'shadow', kind: 'label', value: { label: 'unreliable_source' } });
    expect(proposal?.agent?.name).toBe(AGENT_NAMES[1]);
    expect(proposal?.evidence?.why).toMatch(/You flagged/);
    const confirmation = events.find((e) => e.supersedes === firstId);
    expect(confirmation).toMatchObject({
      origin: 'shadow_confirmed',
      traceId: proposal?.traceId,
      target: proposal?.target,
      value: { label: 'unreliable_source' },
      agent: proposal?.agent,
    });
    expect(confirmation && proposal && confirmation.createdAt >= proposal.createdAt).toBe(true);
    expect(rejected?.origin).toBe('shadow');
    expect(events.find((e) => e.supersedes === secondId)).toMatchObject({ origin: 'shadow_rejected' });

    // After a reload the answered suggestions stay answered, and the confirmed flag shows as given in Sources.
    await page.reload();
    await page.locator('stageback-strip').first().waitFor({ state: 'attached', timeout: 20_000 });
    await page.waitForTimeout(1500);
    expect(await page.locator(`stageback-strip li[data-proposal="${firstId}"]`).count()).toBe(0);
    expect(await page.locator(`stageback-strip li[data-proposal="${secondId}"]`).count()).toBe(0);
    const after = await readStore<FeedbackEvent>(log, 'events');
    expect(after.filter((e) => e.origin === 'shadow' && e.traceId === proposal?.traceId).length).toBe(
      events.filter((e) => e.origin === 'shadow' && e.traceId === proposal?.traceId).length,
    );
  });
});
