import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { contentWorld } from './content-world';

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

export interface AxeRun {
  violations: AxeViolation[];
  /** Elements inside the hosts' shadow roots that axe checked (passed, failed or incomplete): > 0 if it saw in. */
  checkedInShadow: number;
}

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core (WCAG 2.0–2.2 A/AA) on the extension's UI hosts in the page, their closed shadow roots included.
 * The page's world cannot see into a closed root, so axe runs in the extension's content-script world, where
 * `chrome.dom.openOrClosedShadowRoot` can: for the run, that world's `Element.prototype.shadowRoot` falls back to
 * it (axe walks the composed tree through `shadowRoot`), and is put back afterwards.
 */
export async function axeRun(page: Page, extensionId: string, hostSelector: string): Promise<AxeRun> {
  const world = await contentWorld(page, extensionId);
  try {
    await world.evaluate(`${await readFile(AXE_SOURCE, 'utf8')}; true`);
    return await world.evaluate<AxeRun>(`(async () => {
      const native = Object.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot');
      Object.defineProperty(Element.prototype, 'shadowRoot', {
        configurable: true,
        enumerable: native.enumerable,
        get() {
          const own = native.get.call(this);
          if (own || !(this instanceof HTMLElement)) return own;
          try { return chrome.dom.openOrClosedShadowRoot(this) ?? null; } catch { return null; }
        },
      });
      try {
        const hosts = [...document.querySelectorAll(${JSON.stringify(hostSelector)})];
        const result = await axe.run(
          { include: hosts },
          { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} }, elementRef: true },
        );
        const inShadow = new Set();
        for (const list of [result.passes, result.violations, result.incomplete])
          for (const rule of list)
            for (const node of rule.nodes)
              if (node.element && node.element.getRootNode() instanceof ShadowRoot) inShadow.add(node.element);
        const violations = result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
        }));
        return { violations, checkedInShadow: inShadow.size };
      } finally {
        Object.defineProperty(Element.prototype, 'shadowRoot', native);
      }
    })()`);
  } finally {
    await world.detach();
  }
}

/** The violations of `axeRun`; throws if axe checked nothing inside the shadow roots (it would pass vacuously). */
export async function axeViolations(page: Page, extensionId: string, hostSelector: string): Promise<AxeViolation[]> {
  const run = await axeRun(page, extensionId, hostSelector);
  if (run.checkedInShadow === 0) throw new Error(`axe checked nothing inside the shadow roots of ${hostSelector}`);
  return run.violations;
}

export function serious(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** axe-core on a whole extension page: its CSP refuses script tags, so the source goes in through evaluate (CDP). */
export async function pageViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(AXE_SOURCE, 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  });
}
