import type { Page } from 'playwright-core';

/**
 * Evaluates code inside the extension's content-script world of `page` (not the
 * page's own world), through CDP. Lets tests and benches act exactly as the
 * content script would, e.g. call `chrome.runtime.sendMessage`, without adding
 * any test hook to the shipped extension.
 */
export async function contentWorld(page: Page, extensionId: string) {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; frameId?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const origin = `chrome-extension://${extensionId}`;
  const deadline = Date.now() + 15_000;
  let context = contexts.find((c) => c.origin === origin && c.auxData?.type === 'isolated');
  while (!context && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    context = contexts.find((c) => c.origin === origin && c.auxData?.type === 'isolated');
  }
  if (!context) throw new Error('the extension has no content-script world in this page');
  const contextId = context.id;

  return {
    async evaluate<T>(expression: string): Promise<T> {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression,
        contextId,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value as T;
    },
    detach: () => cdp.detach(),
  };
}

/** The wire format of @webext-core/messaging, for sending from a content-script world by hand. */
export function sendMessageExpression(type: string, dataJson: string): string {
  return `new Promise((resolve, reject) => chrome.runtime.sendMessage({ id: Math.random(), type: ${JSON.stringify(type)}, data: ${dataJson}, timestamp: Date.now() }, (r) => chrome.runtime.lastError ? reject(new Error(chrome.runtime.lastError.message)) : resolve(r)))`;
}
