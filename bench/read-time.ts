import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { launchWithoutExtension, REAL_PAGES_DIR, REPO_ROOT, readSavedPage } from '../tests/support/browser';
import { googleUrl } from './page-cost';
import { type Figure, median } from './report';

const REPS = 20;

/** The adapters as one script, to time `readPage` itself in the page's main thread. */
async function adapterBundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, 'utils/adapters/read-page.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'StagebackAdapters',
    write: false,
    platform: 'browser',
    target: 'es2022',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** The largest saved Google page: its path under real-pages/ and the live URL it stands for. */
export async function largestGooglePage(): Promise<{ file: string; url: string }> {
  const dir = path.join(REAL_PAGES_DIR, 'google');
  const files = await readdir(dir);
  const sizes = await Promise.all(files.map(async (f) => ({ f, size: (await stat(path.join(dir, f))).size })));
  const name = sizes.sort((a, b) => b.size - a.size)[0]?.f ?? '';
  return { file: `google/${name}`, url: googleUrl(name.replace(/_google_ai\.html$/, '').replaceAll('_', ' ')) };
}

/** Time to read every answer of the largest saved Google page, in Chromium, vs. one querySelectorAll('*') walk. */
export async function benchReadTime(): Promise<Figure[]> {
  const { file, url } = await largestGooglePage();
  const browser = await launchWithoutExtension();
  try {
    browser.servePage(url, await readSavedPage(file));
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.addScriptTag({ content: await adapterBundle() });
    const result = await page.evaluate((reps) => {
      const api = (window as unknown as { StagebackAdapters: { readPage(d: Document, u: URL): unknown[] } })
        .StagebackAdapters;
      const reads: number[] = [];
      const walks: number[] = [];
      let answers = 0;
      for (let i = 0; i < reps; i++) {
        let t = performance.now();
        answers = api.readPage(document, new URL(location.href)).length;
        reads.push(performance.now() - t);
        t = performance.now();
        let count = 0;
        for (const el of document.querySelectorAll('*')) count += el.nodeType;
        if (count === 0) throw new Error('empty page');
        walks.push(performance.now() - t);
      }
      return { reads, walks, answers, nodes: document.querySelectorAll('*').length };
    }, REPS);
    return [
      {
        name: `read all answers of the largest saved Google page (${file}, ${result.nodes} elements, ${result.answers} answers, median of ${REPS})`,
        value: Number(median(result.reads).toFixed(2)),
        unit: 'ms',
        baseline: {
          name: "one querySelectorAll('*') walk of the same page",
          value: Number(median(result.walks).toFixed(2)),
        },
        target: { max: 20 },
      },
    ];
  } finally {
    await browser.close();
  }
}
