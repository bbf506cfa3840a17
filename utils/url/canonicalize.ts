/**
 * Query parameters that only track clicks or sessions. Exact names, plus prefixes in TRACKING_PREFIXES.
 * `ref` is deliberately kept: on some sites (e.g. code hosts) it selects content.
 */
const TRACKING_PARAMS = new Set([
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  'srsltid',
  'ved',
  'ei',
  '_hsenc',
  '_hsmi',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'mkt_tok',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_'];

/** Hosts whose `/url?q=` (or `url=`) links are redirect wrappers around the real target. */
const REDIRECT_HOST = /(^|\.)google\.[a-z.]+$/;

/**
 * The URL a source is stored under: absolute, redirect wrappers unwrapped, tracking
 * parameters and fragments (including `#:~:text=` text fragments) removed.
 * Throws a TypeError when `href` is not a URL.
 */
export function canonicalizeUrl(href: string, base?: string | URL): string {
  let url = new URL(href.trim(), base);
  for (let hops = 0; hops < 3; hops++) {
    const target = redirectTarget(url);
    if (!target) break;
    url = target;
  }
  url.hash = '';
  for (const name of paramNames(url)) {
    if (isTrackingParam(name)) url.searchParams.delete(name);
  }
  if (url.search === '?') url.search = '';
  return url.href;
}

/** `canonicalizeUrl` for untrusted page input: null instead of throwing, http(s) only. */
export function tryCanonicalizeUrl(href: string | null | undefined, base?: string | URL): string | null {
  if (!href) return null;
  try {
    const url = canonicalizeUrl(href, base);
    return url.startsWith('https://') || url.startsWith('http://') ? url : null;
  } catch {
    return null;
  }
}

/**
 * The query's parameter names, read from `url.search`. Not `[...url.searchParams.keys()]`: in a Firefox content
 * script that iterator "is not iterable" (TypeError), which made every source link fail to canonicalize, so no
 * site had sources in Firefox (found 2026-12-04).
 */
function paramNames(url: URL): Set<string> {
  const names = new Set<string>();
  for (const pair of url.search.slice(1).split('&')) {
    if (!pair) continue;
    const raw = (pair.split('=')[0] ?? '').replace(/\+/g, ' ');
    try {
      names.add(decodeURIComponent(raw));
    } catch {
      names.add(raw);
    }
  }
  return names;
}

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

function redirectTarget(url: URL): URL | null {
  if (url.pathname !== '/url' || !REDIRECT_HOST.test(url.hostname)) return null;
  const target = url.searchParams.get('q') ?? url.searchParams.get('url');
  if (!target) return null;
  try {
    const next = new URL(target);
    return next.protocol === 'https:' || next.protocol === 'http:' ? next : null;
  } catch {
    return null;
  }
}
