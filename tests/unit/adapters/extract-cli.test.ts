import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceDraftSchema } from '../../../storage/schema';
import { HAVE_REAL_PAGES, REAL_PAGES_DIR, REPO_ROOT } from './real-pages';

function extract(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'scripts/extract.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run extract', () => {
  it.skipIf(!HAVE_REAL_PAGES)('prints the TraceDrafts of a page with an answer and exits 0', () => {
    const page = path.join(REAL_PAGES_DIR, 'perplexity/how_to_code_in_Python_perplexity.html');
    const { code, stdout } = extract(page, '--url', 'https://www.perplexity.ai/search/how-to-code-in-python-Xq1b');
    expect(code).toBe(0);
    const drafts = JSON.parse(stdout) as unknown[];
    expect(drafts).toHaveLength(1);
    const draft = TraceDraftSchema.parse(drafts[0]);
    expect(draft).toMatchObject({ siteId: 'perplexity', query: 'how to code in Python', answer: { complete: true } });
    expect(draft.sources).toHaveLength(6);
  });

  it.skipIf(!HAVE_REAL_PAGES)('exits 3 on a page without an AI answer', () => {
    const page = path.join(REAL_PAGES_DIR, 'bing/how_does_blockchain_work_bing_ai.html');
    const { code, stdout, stderr } = extract(page, '--url', 'https://www.bing.com/search?q=how+does+blockchain+work');
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toEqual([]);
    expect(stderr).toContain('no AI answer');
  });

  it('exits 2 with a message on a missing file, missing or bad URL', () => {
    const missing = extract('does-not-exist.html', '--url', 'https://www.bing.com/search?q=x');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read does-not-exist.html');
    const noUrl = extract('page.html');
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('missing --url');
    const badUrl = extract('page.html', '--url', 'not a url');
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('not a URL');
    const unclaimed = extract('page.html', '--url', 'https://example.com/');
    expect(unclaimed.code).toBe(2);
  });
});
