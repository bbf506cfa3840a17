import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceDraftSchema } from '../../../storage/schema';
import { HAVE_REAL_PAGES, REAL_PAGES_DIR, REPO_ROOT } from './real-pages';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx tsx scripts/extract.ts …`, as `npm run extract` runs it. */
function extract(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/extract.ts', ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run extract', () => {
  // Started together: each run pays for tsx and jsdom start-up.
  const withAnswer = HAVE_REAL_PAGES
    ? extract(
        path.join(REAL_PAGES_DIR, 'perplexity/how_to_code_in_Python_perplexity.html'),
        '--url',
        'https://www.perplexity.ai/search/how-to-code-in-python-Xq1b',
      )
    : null;
  const withoutAnswer = HAVE_REAL_PAGES
    ? extract(
        path.join(REAL_PAGES_DIR, 'bing/how_does_blockchain_work_bing_ai.html'),
        '--url',
        'https://www.bing.com/search?q=how+does+blockchain+work',
      )
    : null;
  const missingFile = extract('does-not-exist.html', '--url', 'https://www.bing.com/search?q=x');
  const withoutUrl = extract(path.join(REPO_ROOT, 'tests/pages/demo-google-ai-overview.html'));

  it.skipIf(!HAVE_REAL_PAGES)('prints the TraceDrafts of a page with an answer and exits 0', async () => {
    const { code, stdout } = (await withAnswer) as Run;
    expect(code).toBe(0);
    const drafts = JSON.parse(stdout) as unknown[];
    expect(drafts).toHaveLength(1);
    const draft = TraceDraftSchema.parse(drafts[0]);
    expect(draft).toMatchObject({ siteId: 'perplexity', query: 'how to code in Python', answer: { complete: true } });
    expect(draft.sources).toHaveLength(6);
  });

  it.skipIf(!HAVE_REAL_PAGES)('exits 3 on a page without an AI answer', async () => {
    const { code, stdout, stderr } = (await withoutAnswer) as Run;
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toEqual([]);
    expect(stderr).toContain('no AI answer');
  });

  it.skipIf(!HAVE_REAL_PAGES)(
    'reads a page that names its address in a meta (a reported page) without --url',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'extract-'));
      try {
        const page = await readFile(
          path.join(REAL_PAGES_DIR, 'perplexity/how_to_code_in_Python_perplexity.html'),
          'utf8',
        );
        const meta =
          '<meta name="stageback-page-url" content="https://www.perplexity.ai/search/how-to-code-in-python-Xq1b">';
        const file = path.join(dir, 'report.html');
        await writeFile(
          file,
          page.replace(/<head[^>]*>/i, (head) => `${head}${meta}`),
        );
        const [named, given] = await Promise.all([extract(file), withAnswer]);
        expect(named.code).toBe(0);
        expect(JSON.parse(named.stdout)).toEqual(
          (JSON.parse((given as Run).stdout) as { id: string; capturedAt: string }[]).map((d, i) => ({
            ...d,
            id: (JSON.parse(named.stdout) as { id: string }[])[i]?.id,
            capturedAt: (JSON.parse(named.stdout) as { capturedAt: string }[])[i]?.capturedAt,
          })),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('asks for --url when the page does not name its address', async () => {
    const { code, stderr } = await withoutUrl;
    expect(code).toBe(2);
    expect(stderr).toContain('missing --url');
  });

  it('exits 2 with a message on a missing file', async () => {
    const { code, stderr } = await missingFile;
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read does-not-exist.html');
  });
});
