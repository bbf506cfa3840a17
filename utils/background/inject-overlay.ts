import { browser } from 'wxt/browser';

const OVERLAY_SCRIPT = '/content-scripts/answers.js';

/** Runs the full overlay in the frame the detector found an answer in. */
export async function injectOverlay(tabId: number, frameId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [OVERLAY_SCRIPT] });
}
