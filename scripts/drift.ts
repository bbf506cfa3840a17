/**
 * Drift check: do the site adapters still read the saved real pages after seeded "redesigns"
 * (class names randomised, data-* attributes dropped, extra wrappers, harmless sibling shuffles)?
 *   npm run drift [-- --seed <n>] [--pages <dir>]
 * Prints, per adapter and mutation, the pages still read as unmutated (answer, query, ≥90% of the sources).
 * Exit 1 when class randomisation alone keeps fewer than 80% of the pages read (the target); the other
 * mutations are reported only. Exit 2 on bad arguments.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SEED, type DriftReport, runDrift } from './drift/run';

/** Share of pages class-name randomisation must leave readable. */
export const CLASS_TARGET = 0.8;

function fail(message: string): never {
  process.stderr.write(`drift: ${message}\nusage: npm run drift -- [--seed <n>] [--pages <dir>]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { seed: number; pagesDir: string; named: boolean } {
  let seed = DEFAULT_SEED;
  let pagesDir = path.resolve(import.meta.dirname, '../../shared/fixtures/real-pages');
  let named = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--seed') {
      seed = Number(value);
      if (!Number.isInteger(seed)) fail(`--seed wants an integer, got ${value}`);
    } else if (flag === '--pages' && value) {
      pagesDir = path.resolve(value);
      named = true;
    } else fail(`unknown argument ${argv[i]}`);
  }
  return { seed, pagesDir, named };
}

function pct(read: number, pages: number): string {
  return pages === 0 ? '–' : `${Math.round((100 * read) / pages)}%`;
}

export function formatReport(report: DriftReport): string {
  const kinds = Object.keys(report.overall) as (keyof DriftReport['overall'])[];
  const adapters = [...new Set(report.rows.map((r) => r.adapter))];
  const header = ['adapter', ...kinds];
  const lines = adapters.map((adapter) => [
    adapter,
    ...kinds.map((kind) => {
      const row = report.rows.find((r) => r.adapter === adapter && r.mutation === kind);
      if (!row) return '–';
      const structural = row.sourcePaths.structural ?? 0;
      return `${row.read}/${row.pages} ${pct(row.read, row.pages)}${structural ? ` (${structural}s)` : ''}`;
    }),
  ]);
  lines.push([
    'all pages',
    ...kinds.map(
      (k) =>
        `${report.overall[k].read}/${report.overall[k].pages} ${pct(report.overall[k].read, report.overall[k].pages)}`,
    ),
  ]);
  const widths = header.map((_, c) => Math.max(...[header, ...lines].map((l) => (l[c] ?? '').length)));
  const row = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ');
  return [
    `seed ${report.seed}: ${report.pages} pages with an answer (${report.withoutAnswer.length} without, not counted)`,
    'pages still read as unmutated (answer, query, ≥90% of sources); (Ns) = answers whose sources were read structurally',
    row(header),
    ...lines.map(row),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { seed, pagesDir, named } = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(pagesDir, 'facts.jsonl'))) {
    // The saved pages live outside the repository; where they are absent, the check says so, as the tests do.
    if (named) fail(`no saved pages at ${pagesDir} (it needs their facts.jsonl)`);
    process.stdout.write(`drift: skipped, the saved real pages are not at ${pagesDir}\n`);
    process.exit(0);
  }
  const report = await runDrift({ pagesDir, seed });
  process.stdout.write(`${formatReport(report)}\n`);
  const classes = report.overall.classes;
  const share = classes.pages === 0 ? 1 : classes.read / classes.pages;
  if (share < CLASS_TARGET) {
    process.stderr.write(
      `drift: class randomisation keeps ${pct(classes.read, classes.pages)} of pages read, under the 80% target\n`,
    );
    process.exit(1);
  }
}
