/**
 * `npm start`: opens Chromium with the freshly built extension on a bundled demo
 * AI answer, served under its real Google URL with no network and no server.
 * Without a display it runs headless, gives one piece of feedback, and saves a screenshot.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_PAGE, DEMO_URL, launchWithExtension, REPO_ROOT } from '../tests/support/browser';

const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

async function main(): Promise<void> {
  const browser = await launchWithExtension({ headless: !hasDisplay });
  browser.servePage(DEMO_URL, await readFile(DEMO_PAGE, 'utf8'));
  const page = await browser.context.newPage();
  await page.goto(DEMO_URL);
  const strip = page.getByTestId('stageback-strip');
  await strip.waitFor({ timeout: 15_000 });

  if (hasDisplay) {
    console.log(`Stageback is loaded (extension id ${browser.extensionId}) on the demo answer:\n  ${DEMO_URL}`);
    console.log('Give feedback with the strip above the AI Overview, then open the Stageback popup from the toolbar.');
    console.log('Close the browser window to stop.');
    await new Promise<void>((resolve) => browser.context.on('close', () => resolve()));
    return;
  }

  await page.getByRole('button', { name: 'Overall: good' }).click();
  await page.getByTestId('strip-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 10_000 });
  const shot = path.join(REPO_ROOT, '.output/demo.png');
  await page.screenshot({ path: shot });
  const popup = await browser.extensionPage('popup.html');
  await popup.getByTestId('events-all').filter({ hasText: '1' }).waitFor({ timeout: 10_000 });
  await popup.screenshot({ path: path.join(REPO_ROOT, '.output/demo-popup.png') });
  console.log('No display found, so Chromium ran headless:');
  console.log(`  the strip appeared on ${DEMO_URL}, a thumbs-up was stored and the popup counted it.`);
  console.log(`  Screenshots: ${shot} and .output/demo-popup.png`);
  console.log('  For a window you can use, run under a desktop session or `xvfb-run npm start` with a VNC viewer.');
  await browser.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
