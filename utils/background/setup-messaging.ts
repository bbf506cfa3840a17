import { browser } from 'wxt/browser';
import { MESSAGE_SCHEMAS } from '../messaging/message-schemas';
import { type MessageType, onMessage } from '../messaging/protocol';
import { type BackgroundDeps, dispatch } from './dispatch';

// Every message of the protocol gets a listener: the list comes from the schemas, so none can be left out.
const TYPES = Object.keys(MESSAGE_SCHEMAS) as MessageType[];

export function setUpMessaging(deps: BackgroundDeps): void {
  // A tab that closes or starts loading another page loses what it captured before.
  browser.tabs.onRemoved.addListener((tabId) => {
    deps.tabTraces.forget(tabId);
    deps.queries.forget(tabId);
    deps.refinements?.forget(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') deps.tabTraces.forget(tabId);
  });
  for (const type of TYPES) {
    onMessage(type, ({ data, sender }) => {
      if (sender.id !== browser.runtime.id) {
        return {
          ok: false,
          error: { code: 'forbidden_sender', message: 'messages are only taken from this extension' },
        };
      }
      // A content script's sender.url is its page's URL; only our own pages have the extension's origin.
      const fromExtensionPage = sender.url?.startsWith(browser.runtime.getURL('/')) === true;
      return dispatch(type, data, deps, { tabId: sender.tab?.id, frameId: sender.frameId, fromExtensionPage });
    });
  }
}
