import { describe, expect, it } from 'vitest';
import { formatReport } from '../../../../scripts/drift';
import { MUTATIONS } from '../../../../scripts/drift/mutate';
import { runDrift } from '../../../../scripts/drift/run';
import { HAVE_REAL_PAGES, REAL_PAGES_DIR } from '../real-pages';

const FILES = ['perplexity/how_to_improve_sleep_perplexity.html', 'chatgpt/chat-simple-2026-01-29.html'];

describe.skipIf(!HAVE_REAL_PAGES)('drift harness on a small subset', () => {
  it('reports every adapter under every mutation, and class randomisation on Perplexity still reads', async () => {
    const report = await runDrift({ pagesDir: REAL_PAGES_DIR, files: FILES, seed: 19 });
    expect(report.seed).toBe(19);
    expect(report.pages).toBe(2);
    expect(Object.keys(report.overall)).toEqual([...MUTATIONS]);
    expect(report.rows.map((r) => `${r.adapter}:${r.mutation}`).sort()).toEqual(
      ['perplexity', 'chatgpt'].flatMap((a) => MUTATIONS.map((m) => `${a}:${m}`)).sort(),
    );
    for (const row of report.rows) expect(row.pages).toBe(1);
    const classes = report.rows.find((r) => r.adapter === 'perplexity' && r.mutation === 'classes');
    expect(classes).toMatchObject({ read: 1, pages: 1 });
    expect(classes?.sourcePaths.structural).toBe(1);
    expect(formatReport(report)).toMatch(/^perplexity\s+1\/1 100%/m);
  }, 15_000);

  it('mutates the same way for the same seed', async () => {
    const files = FILES.slice(0, 1);
    const a = await runDrift({ pagesDir: REAL_PAGES_DIR, files, seed: 7, mutations: ['wrappers'] });
    const b = await runDrift({ pagesDir: REAL_PAGES_DIR, files, seed: 7, mutations: ['wrappers'] });
    expect(a).toEqual(b);
  }, 15_000);
});
