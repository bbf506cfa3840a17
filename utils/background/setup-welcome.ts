import { browser } from 'wxt/browser';

/** The welcome page opens once, on install: what is recorded, the shortcuts, and the passive-signals question. */
export function setUpWelcome(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });
}
