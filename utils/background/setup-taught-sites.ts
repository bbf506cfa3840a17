import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { syncTaughtRegistration } from '../taught/registration';
import { originPattern } from '../taught/rule';
import { loadRules, taughtRulesItem } from '../taught/rule-store';

export const TEACH_MENU_ID = 'stageback-teach-answer';
const PICKER_SCRIPT = '/content-scripts/picker.js';

/**
 * Sites the user taught: their content script follows the stored rules and the granted host permissions (at
 * start, and on every change of either), and the context menu starts the element picker on any https page.
 */
export function setUpTaughtSites(): void {
  let queue: Promise<unknown> = Promise.resolve();
  const resync = () => {
    queue = queue
      .then(async () => syncTaughtRegistration(await loadRules()))
      .catch((error: unknown) => console.warn('Stageback could not register its taught sites:', error));
  };
  resync();
  taughtRulesItem.watch(resync);
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: TEACH_MENU_ID,
      title: t('bgMenuTeachSite'),
      contexts: ['page', 'selection', 'link'],
      documentUrlPatterns: ['https://*/*'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== TEACH_MENU_ID || tab?.id === undefined || !tab.url) return;
    // The menu click is the user gesture the permission prompt needs; it is asked first, for this origin only.
    const origin = new URL(tab.url).origin;
    const asked = browser.permissions.request({ origins: [originPattern(origin)] }).catch(() => false);
    void asked.then(() => startPicker(tab.id as number, info.frameId));
  });
}

/** Injects the element picker into one tab (activeTab or the host permission allows it). */
export async function startPicker(tabId: number, frameId?: number): Promise<void> {
  await browser.scripting
    .executeScript({ target: { tabId, ...(frameId ? { frameIds: [frameId] } : {}) }, files: [PICKER_SCRIPT] })
    .catch((error: unknown) => console.warn('Stageback could not start the picker on this page:', error));
}
