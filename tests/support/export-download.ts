import type { Download, Page } from 'playwright-core';

/**
 * Starts the log page's export in the format chosen and waits for its file, or for the panel to say there is
 * nothing to save (a format none of the answers has anything for): null then.
 */
export async function exportFromLog(log: Page): Promise<Download | null> {
  const download = log.waitForEvent('download', { timeout: 30_000 });
  await log.getByTestId('export-start').click();
  const nothing = log
    .getByTestId('export-status')
    .filter({ hasText: /^Nothing to save:/ })
    .waitFor({ timeout: 30_000 })
    .then(() => null);
  return Promise.race([download, nothing]);
}
