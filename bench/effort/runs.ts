import type { Locator } from 'playwright-core';
import type { ExtensionBrowser } from '../../tests/support/browser';
import { selectTextInAnswer } from '../../tests/support/select-text';
import type { Device } from './klm';
import { focusCommand, type Loaded, selectionEnds, spanText, toolbarShown, VIEWPORT } from './page-setup';
import { focused, type Session } from './session';

export type RunKind = 'tab' | 'itemKeys' | 'mouse';

/** The hand each run starts on: the keyboard runs begin with the focus command, the mouse run with a click. */
export const STARTS_ON: Record<RunKind, Device> = { tab: 'keyboard', itemKeys: 'keyboard', mouse: 'mouse' };

/** The judgements, the same in every run: source i gets grade i mod 4, pair j support j mod 3 (S, P, N). */
const gradeOf = (i: number) => i % 4;
const SUPPORT_KEYS = ['s', 'p', 'n'] as const;
const USEFULNESS = 'Usefulness 4 of 5';
/** A fast typist's interval between two keys (about 0.15 s). */
const HUMAN_KEY_GAP_MS = 150;

function controls(loaded: Loaded) {
  const { strip, page } = loaded;
  const sourceItem = (i: number) => strip.locator('section[aria-label="Sources"] li[data-item]').nth(i);
  const pairItem = (j: number) => strip.locator('.citations fieldset[data-item]').nth(j);
  return {
    opener: (name: string) => strip.getByRole('button', { name: `Open ${name} panel`, exact: true }),
    sourceItem,
    pairItem,
    grade: (i: number) => sourceItem(i).locator('fieldset.row button').nth(gradeOf(i)),
    support: (j: number) =>
      pairItem(j)
        .locator('button')
        .nth(j % 3),
    firstIn: (item: Locator) => item.locator('a[href], button:not([disabled])').first(),
    usefulness: strip.getByRole('button', { name: USEFULNESS, exact: true }),
    firstLabel: page.locator('stageback-toolbar').getByRole('button').first(),
    firstControl: strip.locator('button:not([disabled])').first(),
  };
}

/**
 * Focus into the strip from the page: the focus command (Alt+Shift+S) where it reaches this strip (it goes to the
 * page's first strip), else one click on the strip's first control.
 */
async function enterStrip(s: Session, browser: ExtensionBrowser, loaded: Loaded): Promise<void> {
  const c = controls(loaded);
  await focusCommand(browser, loaded.page);
  s.steps.push({ op: 'key', keys: 3 });
  if (await focused(c.firstControl).catch(() => false)) return;
  s.steps.pop();
  await s.click(c.firstControl);
}

/** Selects the span as a drag would, scrolling the answer's start into view first when it is not (a counted scroll). */
async function dragSpan(s: Session, loaded: Loaded): Promise<void> {
  const text = await spanText(loaded);
  const scrolled = await loaded.page.evaluate(
    ({ index, height }) => {
      const answer = document.querySelectorAll('stageback-strip')[index]?.nextElementSibling;
      const walker = answer ? document.createTreeWalker(answer, NodeFilter.SHOW_TEXT) : null;
      let node = walker?.nextNode();
      while (node && !node.textContent?.trim()) node = walker?.nextNode();
      const at = node?.parentElement;
      const box = at?.getBoundingClientRect();
      if (!at || !box || (box.top >= 0 && box.bottom <= height)) return false;
      at.scrollIntoView({ block: 'center' });
      return true;
    },
    { index: loaded.stripIndex, height: VIEWPORT.height },
  );
  if (scrolled) s.steps.push({ op: 'scroll' });
  await s.drag(
    async () => {
      if (!(await selectTextInAnswer(loaded.page, loaded.stripIndex, text))) throw new Error(`no span "${text}"`);
      return selectionEnds(loaded.page);
    },
    { think: true },
  );
  await toolbarShown(loaded.page);
}

/** 1. The strip before the item keys: every control reached by Tab / Shift+Tab and pressed with Enter. */
async function tabRun(s: Session, browser: ExtensionBrowser, loaded: Loaded): Promise<void> {
  const c = controls(loaded);
  await enterStrip(s, browser, loaded);
  await s.tabTo(c.opener('Sources'));
  await s.press('Enter');
  for (let i = 0; i < loaded.sources; i++) {
    await s.tabTo(c.grade(i));
    await s.press('Enter', { think: true, label: 'source' });
  }
  await s.press('Escape'); // focus goes back to the panel's opener
  await s.tabTo(c.opener('Answer'));
  await s.press('Enter');
  for (let j = 0; j < loaded.pairs; j++) {
    await s.tabTo(c.support(j));
    await s.press('Enter', { think: true, label: 'pair' });
  }
  await s.press('Escape');
  await spanByKeys(s, loaded);
  await overallByTab(s, browser, loaded);
}

/** 2. The item keys: 0–3 per source and S / P / N per pair; each moves focus on to the next item. */
async function itemKeysRun(s: Session, browser: ExtensionBrowser, loaded: Loaded): Promise<void> {
  const c = controls(loaded);
  await enterStrip(s, browser, loaded);
  await s.tabTo(c.opener('Sources'));
  await s.press('Enter');
  await s.tabTo(c.firstIn(c.sourceItem(0)));
  for (let i = 0; i < loaded.sources; i++) {
    await s.press(String(gradeOf(i)), { think: true, label: 'source' });
  }
  await s.press('Escape');
  await s.tabTo(c.opener('Answer'));
  await s.press('Enter');
  await s.tabTo(c.firstIn(c.pairItem(0)));
  for (let j = 0; j < loaded.pairs; j++) {
    await s.press(SUPPORT_KEYS[j % 3] as string, { think: true, label: 'pair' });
  }
  await s.press('Escape');
  await spanByKeys(s, loaded);
  await overallByTab(s, browser, loaded);
}

/**
 * The span in both keyboard runs: a mouse drag, then Alt+Shift+L into the toolbar and Enter on its first label.
 * Where focus has left the toolbar by the time a person's next key would come, the label is clicked instead.
 */
async function spanByKeys(s: Session, loaded: Loaded): Promise<void> {
  await dragSpan(s, loaded);
  await s.press('Alt+Shift+L');
  await loaded.page.waitForTimeout(HUMAN_KEY_GAP_MS);
  const inToolbar = await loaded.page.evaluate(() => document.activeElement?.localName === 'stageback-toolbar');
  if (inToolbar) return s.press('Enter', { label: 'span' });
  s.notes.push('Alt+Shift+L: focus left the toolbar, label clicked');
  await s.click(controls(loaded).firstLabel, { label: 'span' });
}

async function overallByTab(s: Session, browser: ExtensionBrowser, loaded: Loaded): Promise<void> {
  const c = controls(loaded);
  await enterStrip(s, browser, loaded);
  await s.tabTo(c.opener('Overall'));
  await s.press('Enter');
  await s.tabTo(c.usefulness);
  await s.press('Enter', { think: true, label: 'overall' });
}

/** 3. The mouse: a click on every control, the panels docked beside the answer. */
async function mouseRun(s: Session, _browser: ExtensionBrowser, loaded: Loaded): Promise<void> {
  const c = controls(loaded);
  await s.click(c.opener('Sources'));
  for (let i = 0; i < loaded.sources; i++) await s.click(c.grade(i), { think: true, label: 'source' });
  await s.click(c.opener('Answer'));
  for (let j = 0; j < loaded.pairs; j++) await s.click(c.support(j), { think: true, label: 'pair' });
  await dragSpan(s, loaded);
  await s.click(c.firstLabel, { label: 'span' });
  await s.click(c.opener('Overall'));
  await s.click(c.usefulness, { think: true, label: 'overall' });
}

export const RUNS: Record<RunKind, (s: Session, browser: ExtensionBrowser, loaded: Loaded) => Promise<void>> = {
  tab: tabRun,
  itemKeys: itemKeysRun,
  mouse: mouseRun,
};
