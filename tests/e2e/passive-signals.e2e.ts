import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent, Trace } from '../../storage/schema';
import {
  DEMO_PAGE,
  DEMO_URL,
  type ExtensionBrowser,
  launchWithExtension,
  readStore,
  stripTakesFeedback,
} from '../support/browser';

const REFORMULATED_URL = 'https://www.google.com/search?q=how+much+sleep+do+adults+really+need';
let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  // Off until chosen (welcome.e2e.ts): the user says yes, as on the welcome page.
  const welcome = await browser.extensionPage('welcome.html');
  await welcome.getByRole('radio', { name: 'Yes, record passive signals on supported sites' }).check();
  await welcome.getByText('passive signals are on').waitFor();
  await welcome.close();
  const demo = await readFile(DEMO_PAGE, 'utf8');
  browser.servePage(DEMO_URL, demo);
  browser.servePage(
    REFORMULATED_URL,
    demo.replace('>how much sleep do adults need<', '>how much sleep do adults really need<'),
  );
});
afterAll(() => browser?.close());

async function implicitEvents(): Promise<FeedbackEvent[]> {
  const popup = await browser.extensionPage('popup.html');
  const events = await readStore<FeedbackEvent>(popup, 'events');
  await popup.close();
  return events.filter((e) => e.origin === 'implicit').sort((a, b) => a.id.localeCompare(b.id));
}

describe('passive signals', () => {
  it('records a source click with its position and a copy of answer text', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    await stripTakesFeedback(page);
    // Open the source in a new tab, as a reader keeping the answer would.
    await page.evaluate(() => {
      for (const a of document.querySelectorAll('a')) a.target = '_blank';
    });
    await page.locator('li.LLtSOc a', { hasText: 'Sleep Foundation' }).click();
    // The dwell is settled by the browser's own visibilitychange when the reader comes back; headless Chromium
    // never hides a tab (new tabs, Target.activateTarget and a minimised window all leave it 'visible'), and a
    // page-dispatched visibilitychange is refused, so the dwell is not driven here.
    await page.evaluate(() => {
      const sentence = document.querySelector('[data-huuid="5003"]');
      if (sentence) getSelection()?.selectAllChildren(sentence);
    });
    await page.keyboard.press('Control+c'); // the user's copy: a trusted copy event
    await expect.poll(async () => (await implicitEvents()).length, { timeout: 10_000 }).toBe(2);

    const [click, copy] = await implicitEvents();
    expect(click).toMatchObject({
      stage: 'retrieval',
      kind: 'implicit',
      value: {
        signal: 'source_click',
        position: 1,
        url: 'https://www.sleepfoundation.org/how-sleep-works/how-much-sleep-do-we-really-need',
      },
    });
    expect(copy).toMatchObject({ stage: 'answer', value: { signal: 'copy' } });
    expect(copy?.kind === 'implicit' && copy.value.text).toContain('Teenagers need eight to ten hours');
    await page.close();
  });

  it('records nothing a page script fakes: a dispatched source click, a scripted copy, a visibility change', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    await stripTakesFeedback(page);
    const before = (await implicitEvents()).length;
    await page.evaluate(() => {
      const link = [...document.querySelectorAll<HTMLAnchorElement>('li.LLtSOc a')].find((a) =>
        a.textContent?.includes('Sleep Foundation'),
      );
      if (!link) throw new Error('no source link');
      link.addEventListener('click', (e) => e.preventDefault()); // stay on the page
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      link.click();
      const sentence = document.querySelector('[data-huuid="5003"]');
      if (sentence) getSelection()?.selectAllChildren(sentence);
      document.dispatchEvent(new Event('copy', { bubbles: true }));
      document.dispatchEvent(new Event('visibilitychange'));
      // A "show more" toggle inside the answer, clicked by script.
      const answer = document.querySelector('stageback-strip')?.nextElementSibling;
      const more = Object.assign(document.createElement('button'), { textContent: 'Show more' });
      more.setAttribute('aria-expanded', 'false');
      answer?.append(more);
      more.click();
    });
    await page.waitForTimeout(1_500);
    expect((await implicitEvents()).slice(before)).toEqual([]);
    await page.close();
  });

  it('records a reformulation on the previous answer, with its edit distance', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_URL);
    await stripTakesFeedback(page);
    await page.goto(REFORMULATED_URL);
    await stripTakesFeedback(page);
    await expect
      .poll(async () =>
        (await implicitEvents()).filter((e) => e.kind === 'implicit' && e.value.signal === 'reformulation'),
      )
      .toHaveLength(1);
    const popup = await browser.extensionPage('popup.html');
    const traces = await readStore<Trace>(popup, 'traces');
    const first = traces.find((t) => t.query === 'how much sleep do adults need');
    const reformulation = (await implicitEvents()).find(
      (e) => e.kind === 'implicit' && e.value.signal === 'reformulation',
    );
    expect(reformulation).toMatchObject({
      traceId: first?.id,
      value: { signal: 'reformulation', text: 'how much sleep do adults really need', editDistance: 7 },
    });
  });
});
