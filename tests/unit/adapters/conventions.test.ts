import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimsUrl, matchesPattern } from '../../../utils/adapters/common/match-pattern';
import { ADAPTERS, adaptersForUrl, contentScriptMatches, SHARED_PAGES } from '../../../utils/adapters/registry';
import { REPO_ROOT } from './real-pages';

const ADAPTERS_DIR = path.join(REPO_ROOT, 'utils/adapters');
/** Adapters without a saved page; their tests use synthetic markup. */
const SYNTHETIC_ONLY = new Set(['bing-copilot']);

function sharesPages(a: string, b: string): boolean {
  return SHARED_PAGES.some((group) => group.includes(a) && group.includes(b));
}

describe('adapter conventions', () => {
  it('registers every adapter folder (a folder with index.ts) in ADAPTERS', () => {
    const folders = readdirSync(ADAPTERS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(ADAPTERS_DIR, d.name, 'index.ts')))
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual(ADAPTERS.map((a) => a.id).sort());
  });

  it('gives every adapter a unique id', () => {
    expect(new Set(ADAPTERS.map((a) => a.id)).size).toBe(ADAPTERS.length);
  });

  for (const adapter of ADAPTERS) {
    describe(adapter.id, () => {
      it('has fixtures (or is synthetic-only), an expected file for them, and test URLs', () => {
        if (SYNTHETIC_ONLY.has(adapter.id)) expect(adapter.fixtures).toEqual([]);
        else {
          expect(adapter.fixtures.length).toBeGreaterThan(0);
          expect(existsSync(path.join(ADAPTERS_DIR, adapter.id, 'expected.json'))).toBe(true);
        }
        expect(adapter.testUrls.length).toBeGreaterThan(0);
        expect(Object.keys(adapter.selectors).length).toBeGreaterThan(0);
      });

      it('claims each of its test URLs, and no other adapter does (unless they share pages on purpose)', () => {
        for (const url of adapter.testUrls) {
          expect(claimsUrl(adapter, url), url).toBe(true);
          const others = ADAPTERS.filter((o) => o !== adapter && claimsUrl(o, url) && !sharesPages(o.id, adapter.id));
          expect(
            others.map((o) => o.id),
            url,
          ).toEqual([]);
        }
      });

      it('has well-formed match patterns without TLD wildcards', () => {
        for (const pattern of adapter.matches) {
          expect(pattern).toMatch(/^https:\/\/[a-z0-9.-]+\/.*$/);
        }
      });
    });
  }

  it('puts every adapter pattern in the content script matches, once', () => {
    const matches = contentScriptMatches();
    expect(new Set(matches).size).toBe(matches.length);
    for (const adapter of ADAPTERS) for (const p of adapter.matches) expect(matches).toContain(p);
  });

  it('gives AI Mode URLs to google-ai-mode only, and results pages to the Overview and PAA readers', () => {
    const ids = (url: string) => adaptersForUrl(url).map((a) => a.id);
    expect(ids('https://www.google.com/search?q=x&udm=50')).toEqual(['google-ai-mode']);
    expect(ids('https://www.google.de/search?q=x')).toEqual(['google-ai-overview', 'google-paa']);
    expect(ids('https://www.google.com/maps?q=x')).toEqual([]);
    expect(ids('https://www.bing.com/copilotsearch?q=x')).toEqual(['bing-copilot']);
  });

  it('matches patterns the way browsers do', () => {
    const u = (s: string) => new URL(s);
    expect(matchesPattern('https://www.bing.com/search*', u('https://www.bing.com/search?q=a'))).toBe(true);
    expect(matchesPattern('https://www.bing.com/search*', u('https://www.bing.com/images/search?q=a'))).toBe(false);
    expect(matchesPattern('*://*.example.com/*', u('http://a.example.com/x'))).toBe(true);
    expect(matchesPattern('*://*.example.com/*', u('https://example.com/'))).toBe(true);
    expect(matchesPattern('https://chatgpt.com/*', u('https://chatgpt.com.evil.io/'))).toBe(false);
    expect(matchesPattern('not a pattern', u('https://chatgpt.com/'))).toBe(false);
  });
});
