/**
 * `npm run bench`: every figure is printed next to a baseline measured in the same run.
 * Results also go to bench-results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchWithExtension, REPO_ROOT } from '../tests/support/browser';
import { benchIngest } from './ingest';
import { type Figure, printFigure } from './report';

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const browser = await launchWithExtension();
  try {
    console.log("# Event ingest into the extension's IndexedDB (real Chromium)");
    for (const f of await benchIngest(browser)) {
      figures.push(f);
      printFigure(f);
    }
  } finally {
    await browser.close();
  }
  const out = path.join(REPO_ROOT, 'bench-results');
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), figures }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
