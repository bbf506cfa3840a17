/**
 * `npm run bench`: every figure is printed next to a baseline measured in the same run.
 * Results also go to bench-results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchWithExtension, REPO_ROOT } from '../tests/support/browser';
import { benchCollector, benchHealthUnderFlood } from './collector';
import { benchDashboard } from './dashboard';
import { benchEffort } from './effort';
import { benchExport } from './export';
import { benchExportBrowser } from './export-browser';
import { benchImport } from './import';
import { benchIngest } from './ingest';
import { benchMillion } from './million';
import { benchOverlayLatency } from './overlay-latency';
import { benchPageCost } from './page-cost';
import { benchReadTime } from './read-time';
import { benchRefineLatency } from './refine-latency';
import { type Figure, printFigure } from './report';
import { benchShadow } from './shadow';
import { benchSync } from './sync';

const SECTIONS: [string, () => Promise<Figure[]>][] = [
  [
    "Event ingest into the extension's IndexedDB (real Chromium)",
    async () => {
      const browser = await launchWithExtension();
      try {
        return await benchIngest(browser);
      } finally {
        await browser.close();
      }
    },
  ],
  ['Cost on the page (saved Google pages, real Chromium)', benchPageCost],
  ['Reading a page (adapters, real Chromium)', benchReadTime],
  ['Overlay latency (real Chromium)', benchOverlayLatency],
  ['Refine: the comparison beside a refined answer (real Chromium)', benchRefineLatency],
  [
    'Effort: actions and Keystroke-Level-Model time per stored label, keyboard and mouse (three saved pages, real Chromium)',
    benchEffort,
  ],
  ['Reference collector over loopback (SQLite)', benchCollector],
  ['Collector /healthz under an ingest flood (SQLite)', benchHealthUnderFlood],
  ['Extension sync to the reference collector (real Chromium, SQLite)', benchSync],
  ['Dashboard and export with 1,000,000 events (real Chromium)', benchMillion],
  [
    'JSONL export against a raw IndexedDB read of the same rows (real Chromium; EXPORT_EVENTS, default 200,000)',
    benchExportBrowser,
  ],
  [
    'Study dashboard of the collector on PostgreSQL (events filled with COPY; DASHBOARD_BENCH_EVENTS, default 10,000,000)',
    benchDashboard,
  ],
  ['Export of 1,000,000 events (Node: formatters + driver over an in-memory source, not the browser)', benchExport],
  ['Import of a 200 MB one-line file (log page in real Chromium; reader in Node)', benchImport],
  ['Shadow agent: proposals for one answer with 10,000 and 1,000,000 past events (Node, fake-indexeddb)', benchShadow],
];

async function main(): Promise<void> {
  const only = process.argv[2];
  const figures: Figure[] = [];
  let missed = 0;
  for (const [title, run] of SECTIONS) {
    if (only && !title.toLowerCase().includes(only.toLowerCase())) continue;
    console.log(`\n# ${title}`);
    for (const figure of await run()) {
      figures.push(figure);
      if (!printFigure(figure)) missed++;
    }
  }
  console.log(`\n${figures.length} figures, ${missed} target(s) missed.`);
  const out = path.join(REPO_ROOT, 'bench-results');
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), figures }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
