import { browser } from 'wxt/browser';
import { contentMessaging } from '../messaging/protocol';

export const FOCUS_STRIP_COMMAND = 'focus-strip';

/** The keyboard shortcut (commands API) that moves focus to the strip on the active tab. */
export function setUpCommands(): void {
  browser.commands?.onCommand.addListener(async (command) => {
    if (command !== FOCUS_STRIP_COMMAND) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return;
    await contentMessaging.sendMessage('focusStrip', undefined, tab.id).catch(() => false);
  });
}
