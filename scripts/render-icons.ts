// Renders scripts/icon.svg to the extension's PNG icons (public/icon/<size>.png) in headless Chromium.
// Run after changing the SVG: npx tsx scripts/render-icons.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const SIZES = [16, 32, 48, 96, 128];
const root = join(import.meta.dirname, '..');
const svg = readFileSync(join(root, 'scripts/icon.svg'), 'utf8');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({ path: join(root, 'public/icon', `${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`wrote public/icon/{${SIZES.join(',')}}.png`);
