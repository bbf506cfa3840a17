import type { Locator, Page } from 'playwright-core';
import type { Judged, Point, Step } from './klm';

interface Flags {
  think?: boolean;
  label?: Judged;
}

/**
 * Drives one run as the user would (real key presses and clicks through CDP, so the extension sees trusted input)
 * and writes down each step for the arithmetic in klm.ts.
 */
export class Session {
  readonly steps: Step[] = [];
  /** What did not go as the protocol planned, and how the run went on (as a user would). */
  readonly notes: string[] = [];

  constructor(readonly page: Page) {}

  /** One key or chord, e.g. 'Tab', 'Shift+Tab', 'Alt+Shift+L'. */
  async press(key: string, flags: Flags = {}): Promise<void> {
    await this.page.keyboard.press(key);
    this.steps.push({ op: 'key', keys: key.split('+').length, ...flags });
  }

  /**
   * Clicks the centre of the control, as the pointer sees it: if it is out of view (page or panel scrolled), a
   * scroll comes first and is counted.
   */
  async click(control: Locator, flags: Flags = {}): Promise<void> {
    let at = await steadyCentre(control);
    // The least scroll that shows the control (as the browser's "if needed"); to the middle of the window and the
    // panel where that leaves it under the panel's sticky head. One scroll either way.
    for (const block of ['nearest', 'center'] as const) {
      if (await hits(control, at)) break;
      if (block === 'nearest') this.steps.push({ op: 'scroll' });
      await control.evaluate((el, b) => el.scrollIntoView({ block: b }), block);
      at = await steadyCentre(control);
    }
    if (!(await hits(control, at))) {
      const over = await control.evaluate(
        (el, p) => (el.getRootNode() as ShadowRoot).elementFromPoint(p.x, p.y)?.outerHTML.slice(0, 120),
        at,
      );
      throw new Error(`${control} at ${JSON.stringify(at)} is under ${over}`);
    }
    await this.page.mouse.click(at.x, at.y);
    this.steps.push({ op: 'click', at, ...flags });
  }

  /** A text selection made by a drag from `from` to `to` (done by `select`, which must leave it selected). */
  async drag(select: () => Promise<{ from: Point; to: Point }>, flags: Flags = {}): Promise<void> {
    const { from, to } = await select();
    this.steps.push({ op: 'drag', from, to, ...flags });
  }

  /**
   * Moves focus to `control` by Tab or Shift+Tab, whichever takes fewer presses within its shadow root (as a user
   * who knows the strip would), and checks it got there.
   */
  async tabTo(control: Locator): Promise<void> {
    const delta = await control.evaluate((el) => {
      const root = el.getRootNode() as Document | ShadowRoot;
      const tabbable = [
        ...root.querySelectorAll<HTMLElement>('a[href], button, input, textarea, select, [tabindex]'),
      ].filter(
        (e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled && e.checkVisibility({ visibilityProperty: true }),
      );
      const active = root.activeElement as HTMLElement | null;
      const from = active ? tabbable.indexOf(active) : -1;
      const to = tabbable.indexOf(el as HTMLElement);
      if (from < 0 || to < 0) throw new Error(`focus is not on a control of this root (${active?.outerHTML})`);
      return to - from;
    });
    for (let i = 0; i < Math.abs(delta); i++) await this.press(delta > 0 ? 'Tab' : 'Shift+Tab');
    if (!(await focused(control))) throw new Error(`Tab did not reach ${control}`);
  }
}

export function focused(control: Locator): Promise<boolean> {
  return control.evaluate((el) => (el.getRootNode() as Document | ShadowRoot).activeElement === el);
}

/** The control's centre once it stops moving (a panel that just opened is laid out again where it docks). */
async function steadyCentre(control: Locator): Promise<Point> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    // (No box while it is being replaced, e.g. the span toolbar opened again for the same selection.)
    const box = await control.boundingBox({ timeout: 2_000 }).catch(() => null);
    const at = box && { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
    if (at && JSON.stringify(at) === last) return at;
    last = JSON.stringify(at);
    await control.page().waitForTimeout(50);
  }
  throw new Error(`${control} keeps moving, or has no box`);
}

/** A click at `at` lands on the control: in the window, not clipped by the scrolled panel, not under anything. */
function hits(control: Locator, at: Point): Promise<boolean> {
  return control.evaluate((el, p) => {
    if (p.x < 0 || p.y < 0 || p.x >= innerWidth || p.y >= innerHeight) return false;
    const hit = (el.getRootNode() as Document | ShadowRoot).elementFromPoint(p.x, p.y);
    return !!hit && (hit === el || el.contains(hit));
  }, at);
}
