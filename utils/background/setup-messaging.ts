import { browser } from 'wxt/browser';
import { MESSAGE_SCHEMAS } from '../messaging/message-schemas';
import { type MessageType, onMessage } from '../messaging/protocol';
import { type BackgroundDeps, dispatch } from './dispatch';

// Every message of the protocol gets a listener: the list comes from the schemas, so none can be left out.
const TYPES = Object.keys(MESSAGE_SCHEMAS) as MessageType[];

export function setUpMessaging(deps: BackgroundDeps): void {
  // A tab that closes loses what it captured (another origin in the same tab never had it: see tab-traces.ts).
  browser.tabs.onRemoved.addListener((tabId) => {
    deps.tabTraces.forget(tabId);
    deps.queries.forget(tabId);
    void deps.refinements?.forget(tabId);
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
      // dispatch's reply is typed per message; across every message type the union grows past what TypeScript
      // relates to the listener's (distributed) reply type, so it is widened here.
      return dispatch(type, data, deps, {
        tabId: sender.tab?.id,
        frameId: sender.frameId,
        origin: originOf(sender.url),
        fromExtensionPage,
      }) as never;
    });
  }
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
