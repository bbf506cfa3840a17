import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Hono } from 'hono';
import type { TokenRecord } from '../tokens';

const require = createRequire(import.meta.url);
const PAGE_DIR = path.join(import.meta.dirname, 'page');
/** Chart.js's prebuilt browser bundle and its licence, read from node_modules (no build step, nothing vendored). */
const CHART_DIR = path.resolve(path.dirname(require.resolve('chart.js')), '..');

/**
 * No inline script or style, nothing from elsewhere: the page's own files, and its calls to this collector.
 * `style-src 'self'` still lets scripts set element.style (Chart.js sizes its canvas that way).
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const FILES: Record<string, { file: string; type: string }> = {
  '/dashboard': { file: path.join(PAGE_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  '/dashboard/dashboard.js': { file: path.join(PAGE_DIR, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  '/dashboard/dashboard.css': { file: path.join(PAGE_DIR, 'dashboard.css'), type: 'text/css; charset=utf-8' },
  '/dashboard/vendor/chart.umd.min.js': {
    file: path.join(CHART_DIR, 'dist/chart.umd.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/dashboard/vendor/chart.js-LICENSE.md': {
    file: path.join(CHART_DIR, 'LICENSE.md'),
    type: 'text/plain; charset=utf-8',
  },
};

/** Serves the page's files, read once when the app is built. */
export function servePage(hono: Hono<{ Variables: { token: TokenRecord } }>): void {
  for (const [route, { file, type }] of Object.entries(FILES)) {
    const body = readFileSync(file);
    hono.get(route, (c) => {
      c.header('Content-Type', type);
      c.header('Content-Security-Policy', DASHBOARD_CSP);
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('Cache-Control', 'no-cache');
      return c.body(body);
    });
  }
  hono.get('/dashboard/', (c) => c.redirect('/dashboard', 301));
}
