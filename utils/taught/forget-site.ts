import { browser } from 'wxt/browser';
import { checkEndpoint, loadSyncSettings } from '../sync/settings';
import { originPattern } from './rule';
import { loadRules, removeRule } from './rule-store';

/**
 * Removes a taught rule; when no other rule needs its site, Stageback also gives back the permission for that site
 * (unless sync sends to that same origin). The background then unregisters the content script there.
 */
export async function forgetRule(id: string): Promise<void> {
  const rule = (await loadRules()).find((r) => r.id === id);
  await removeRule(id);
  if (!rule || (await loadRules()).some((r) => r.origin === rule.origin)) return;
  const sync = checkEndpoint((await loadSyncSettings()).endpoint);
  if (sync.ok && sync.origin === rule.origin) return;
  // A permission the manifest holds (a test build's) cannot be given back: that is not an error here.
  await browser.permissions.remove({ origins: [originPattern(rule.origin)] }).catch(() => false);
}
