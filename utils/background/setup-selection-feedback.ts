import { browser } from 'wxt/browser';
import { t } from '../i18n';

export const SELECTION_MENU_ID = 'stageback-feedback-on-selection';
export const SELECTION_COMMAND = 'feedback-on-selection';
const SCRIPT = '/content-scripts/selection.js';

/**
 * "Give feedback on this answer" for sites without an adapter: a context-menu
 * item on selections and a keyboard shortcut. Both are user gestures, so
 * activeTab lets us inject into that one tab, with no broad host permission.
 */
export function setUpSelectionFeedback(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: SELECTION_MENU_ID,
      title: t('bgMenuFeedbackOnSelection'),
      contexts: ['selection'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === SELECTION_MENU_ID && tab?.id !== undefined) void inject(tab.id, info.frameId);
  });
  browser.commands?.onCommand.addListener(async (command) => {
    if (command !== SELECTION_COMMAND) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await inject(tab.id);
  });
}

async function inject(tabId: number, frameId?: number): Promise<void> {
  await browser.scripting
    .executeScript({ target: { tabId, ...(frameId ? { frameIds: [frameId] } : {}) }, files: [SCRIPT] })
    .catch((error: unknown) => console.warn('Stageback could not read the selection on this page:', error));
}
