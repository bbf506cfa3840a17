import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../storage/schema';
import { makeEvent } from '../../utils/content/make-event';
import { uuidv7 } from '../../utils/uuidv7';
import { type ExtensionBrowser, launchWithExtension, readStore } from '../support/browser';
import { traceDraft } from '../support/factories';

async function message<T>(page: Page, type: string, data: unknown): Promise<T> {
  const reply = (await page.evaluate(
    ({ type, data }) =>
      new Promise((resolve) => chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }, resolve)),
    { type, data },
  )) as { res: T };
  return reply.res;
}

const AGENT = { name: 'stageback-shadow-stats', version: '1', confidence: 0.9 };
const MODEL = { name: 'stageback-shadow-llm:llama3.2', version: '1', confidence: 0.5 };

function flag(traceId: string, origin: FeedbackEvent['origin'] = 'user', agent?: typeof AGENT, supersedes?: string) {
  const event = makeEvent(
    traceId,
    {
      stage: 'retrieval',
      target: { type: 'source', sourceId: 's1' },
      kind: 'label',
      value: { label: 'unreliable_source' },
      origin,
    },
    supersedes,
  );
  return agent ? { ...event, agent } : event;
}

describe('Options “Your shadow” and the popup’s acceptance rates', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchWithExtension();
    page = await browser.extensionPage('options.html');
    // Two answers citing the same website, which the user flagged, and an aspect they found missing on both.
    const traces = [0, 1].map(() => {
      const draft = traceDraft({ query: `question ${uuidv7()}` });
      const source = { ...draft.sources[0]!, domain: 'example.com', url: 'https://example.com/a' };
      return { ...draft, sources: [source] };
    });
    for (const t of traces) expect(await message(page, 'captureTrace', t)).toMatchObject({ ok: true });
    const [a, b] = traces.map((t) => t.id) as [string, string];
    const aspect = (traceId: string) =>
      makeEvent(traceId, {
        stage: 'decomposition',
        target: { type: 'stage' },
        kind: 'label',
        value: { label: 'missing_aspect', text: 'shift workers' },
      });
    // Tier 1 proposed three flags: one confirmed, one rejected, one left alone; the model proposed one, confirmed.
    const proposals = [flag(a, 'shadow', AGENT), flag(b, 'shadow', AGENT), flag(b, 'shadow', AGENT)];
    const fromModel = flag(a, 'shadow', MODEL);
    const events = [flag(a), flag(b), aspect(a), aspect(b), ...proposals, fromModel];
    expect(await message(page, 'recordEvents', events)).toMatchObject({ ok: true });
    const answers = [
      flag(a, 'shadow_confirmed', AGENT, proposals[0]?.id),
      flag(b, 'shadow_rejected', AGENT, proposals[1]?.id),
      flag(a, 'shadow_confirmed', MODEL, fromModel.id),
    ];
    expect(await message(page, 'recordEvents', answers)).toMatchObject({ ok: true });
    await page.reload();
  });
  afterAll(() => browser?.close());

  it('options say in words what it learned: the website it doubts and why, the topic it remembers', async () => {
    await expect
      .poll(() => page.getByTestId('shadow-doubted').textContent())
      .toBe(
        // The user's two flags and the two proposals they confirmed; unanswered and rejected ones do not count.
        'example.com: you flagged its pages as unreliable 4 times.',
      );
    expect(await page.getByTestId('shadow-aspects').textContent()).toBe(
      '“shift workers”: you said it was missing twice.',
    );
  });

  it('the popup shows the acceptance rate per kind and source of suggestion', async () => {
    const popup = await browser.extensionPage('popup.html');
    const rates = popup.getByTestId('shadow-rates');
    await rates.waitFor();
    expect(await rates.locator('li').allTextContents()).toEqual([
      'Unreliable websites from your past feedback: you accepted 1 of 2 (50%), 1 not answered',
      'Unreliable websites from your own model: you accepted 1 of 1 (100%)',
    ]);
    await popup.close();
  });

  it('a reset forgets what it learned from now on and deletes nothing', async () => {
    const before = (await readStore(page, 'events')).length;
    await page.getByTestId('shadow-reset').click();
    await page.getByTestId('shadow-reset-confirm').click();
    await expect.poll(() => page.getByTestId('shadow-learned').textContent()).toContain('From your feedback since');
    expect(await page.getByTestId('shadow-doubted').count()).toBe(0);
    expect(await page.getByTestId('shadow-aspects').count()).toBe(0);
    expect((await readStore(page, 'events')).length).toBe(before);
    const stored = await page.evaluate(() => chrome.storage.local.get('shadow'));
    expect((stored.shadow as { learnSince: string | null }).learnSince).not.toBeNull();
  });

  it('turning tier 1 off is kept', async () => {
    await page.getByTestId('shadow-tier1').click();
    await expect
      .poll(
        async () =>
          ((await page.evaluate(() => chrome.storage.local.get('shadow'))).shadow as { tier1: boolean }).tier1,
      )
      .toBe(false);
  });
});
