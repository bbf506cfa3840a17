import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AxeViolation, serious } from '../../tests/support/axe';
import { findChromium } from '../../tests/support/chromium';
import { ingest } from './support/client';
import { item, trace, traceWithEvents } from './support/items';
import { type CollectorProcess, createToken, spawnCollector } from './support/process';
import { sqliteTarget } from './support/targets';

const require = createRequire(import.meta.url);
const HOSTILE = '<img src=x id=injected>';

/** axe-core (WCAG 2.0–2.2 A/AA) over the whole page; evaluated through the DevTools protocol, which the CSP allows. */
async function axeOnPage(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(`${await readFile(require.resolve('axe-core/axe.min.js'), 'utf8')}; true`);
  return page.evaluate(`(async () => {
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  })()`);
}

describe('the study dashboard page (real Chromium, real collector process)', () => {
  const target = sqliteTarget();
  let server: CollectorProcess;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let alice: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    const env = await target.setUp();
    [admin, alice] = await Promise.all([
      createToken(env, 'researcher', 'admin'),
      createToken(env, 'alice', 'ingest', 'alice'),
    ]);
    await createToken(env, 'bob', 'ingest', 'bob');
    server = await spawnCollector(env);
    const a = traceWithEvents();
    // An adapter id with markup: the page must show it as text.
    const hostile = trace({
      adapter: { id: HOSTILE, version: '1' },
      answer: { text: 'x', sentences: [], complete: false },
    });
    for (const [study, items] of [
      ['sleep-2026', a.items],
      ['diet-2027', [item('trace-upsert', hostile)]],
    ] as const) {
      const res = await ingest(server.url, alice, { batch: items }, { 'X-Stageback-Study': study });
      expect(res.status).toBe(207);
    }
    await ingest(server.url, alice, { batch: [{ id: 'junk', type: 'nope' }] }, { 'X-Stageback-Study': 'sleep-2026' });
    browser = await chromium.launch({
      executablePath: findChromium(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await target.tearDown();
  });

  it('is served with a strict CSP and asks for a token; an ingest token is turned away with a reason', async () => {
    const res = await page.goto(`${server.url}/dashboard`);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    await page.getByLabel('Admin token').fill(alice);
    await page.getByRole('button', { name: 'Open dashboard' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/cannot open the dashboard.*admin/);
    expect(await page.locator('#board').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('shows participants, events per day, feedback, reads and refusals with an admin token, charts drawn by Chart.js', async () => {
    await page.getByLabel('Admin token').fill(admin);
    await page.getByRole('button', { name: 'Open dashboard' }).click();
    await page.locator('#board').waitFor({ state: 'visible' });
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Updated at/);
    const count = (name: string) => page.locator(`[data-count="${name}"] dd`).textContent();
    // Alice sent; Bob holds a token but sent nothing.
    expect(await count('enrolled')).toBe('2');
    expect(await count('active')).toBe('1');
    expect(await count('withdrawn')).toBe('0');
    expect(await count('silent')).toBe('1');
    expect(await page.locator('#feedback-table').textContent()).toContain('too_broad');
    expect(await page.locator('#refused-table').textContent()).toContain('Did not match the format (invalid)');
    const charts = await page.evaluate(() =>
      ['days-chart', 'feedback-chart', 'reads-chart'].map((id) => {
        const chart = (
          globalThis as unknown as { Chart: { getChart(c: Element): { data: { datasets: { data: number[] }[] } } } }
        ).Chart.getChart(document.getElementById(id) as Element);
        return chart?.data.datasets.flatMap((d) => d.data).reduce((a, b) => a + b, 0);
      }),
    );
    expect(charts).toEqual([4, 4, 2]);
  });

  it('writes collector data as text, never as markup', async () => {
    expect(await page.locator('#reads-table').textContent()).toContain(HOSTILE);
    expect(await page.locator('#injected').count()).toBe(0);
  });

  it('filters by study', async () => {
    await page.getByLabel('Study').selectOption('diet-2027');
    await expect.poll(() => page.locator('#days-table').textContent()).toContain('Answers (traces)');
    await expect.poll(() => page.locator('#feedback-table').textContent()).toContain('Nothing yet.');
    expect(await page.locator('#reads-table').textContent()).not.toContain('google-ai-overview');
    await page.getByLabel('Study').selectOption('*');
    await expect.poll(() => page.locator('#feedback-table').textContent()).toContain('too_broad');
  });

  it('downloads the JSONL export and a training format computed on the server in one click each', async () => {
    const [jsonl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Download JSONL/ }).click(),
    ]);
    const lines = (await readFile((await jsonl.path()) as string, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(6); // two traces, four events
    const [kto] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download KTO rows (TRL)' }).click(),
    ]);
    expect(kto.suggestedFilename()).toMatch(/^stageback-kto-\d{4}-\d\d-\d\d\.jsonl$/);
    const row = JSON.parse((await readFile((await kto.path()) as string, 'utf8')).trim());
    expect(row).toMatchObject({
      prompt: expect.stringContaining('\n\nQuestion: how much sleep do adults need'),
      label: false,
    });
  });

  it('has no serious or critical axe violations and broke no CSP rule', async () => {
    const violations = await axeOnPage(page);
    expect(serious(violations), JSON.stringify(violations, null, 2)).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('keeps the token in this tab only (sessionStorage) across a reload, and forgets it on request', async () => {
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 1]);
    await page.reload();
    await page.locator('#board').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Forget the token' }).click();
    await page.getByLabel('Admin token').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // And the sign-in form passes axe too.
    expect(serious(await axeOnPage(page))).toEqual([]);
  });
});
