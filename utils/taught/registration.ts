import { browser } from 'wxt/browser';
import { originPattern, type TaughtRule } from './rule';

export const TAUGHT_SCRIPT_ID = 'stageback-taught-sites';
const OVERLAY_SCRIPT = 'content-scripts/answers.js';

/**
 * The overlay runs on a taught site's pages from then on: one dynamically registered content script (kept across
 * browser restarts) whose matches are the taught origins the user allowed. Origins without the permission are left
 * out; they are added when the permission is granted (the background calls this again on every change).
 */
export async function syncTaughtRegistration(rules: readonly TaughtRule[]): Promise<string[]> {
  const origins = [...new Set(rules.map((r) => r.origin))];
  const allowed: string[] = [];
  for (const origin of origins) {
    if (await browser.permissions.contains({ origins: [originPattern(origin)] })) allowed.push(originPattern(origin));
  }
  const [existing] = await browser.scripting.getRegisteredContentScripts({ ids: [TAUGHT_SCRIPT_ID] });
  // The service worker starts often: an unchanged registration is left alone (no moment without it).
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((m) => b.includes(m));
  if (existing && same(existing.matches ?? [], allowed)) return allowed;
  if (existing && allowed.length > 0) {
    await browser.scripting.updateContentScripts([{ id: TAUGHT_SCRIPT_ID, matches: allowed, js: [OVERLAY_SCRIPT] }]);
  } else if (existing) {
    await browser.scripting.unregisterContentScripts({ ids: [TAUGHT_SCRIPT_ID] });
  } else if (allowed.length > 0) {
    await browser.scripting.registerContentScripts([
      {
        id: TAUGHT_SCRIPT_ID,
        matches: allowed,
        js: [OVERLAY_SCRIPT],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  }
  return allowed;
}
