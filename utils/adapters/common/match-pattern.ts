import type { SiteAdapter } from '../types';

/**
 * Whether `url` matches a WebExtension match pattern (`<scheme>://<host>/<path>`),
 * following the MV3 rules: `*` scheme means http or https, `*.` host prefix matches
 * the domain and its subdomains, `*` in the path matches any characters. The query
 * string is part of the path.
 */
export function matchesPattern(pattern: string, url: URL): boolean {
  const m = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m;
  if (!scheme || !host || !path) return false;
  const protocol = url.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
  if (!hostMatches(host, url.hostname)) return false;
  return globToRegExp(path).test(url.pathname + url.search);
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return hostname === base || hostname.endsWith(`.${base}`);
  }
  return hostname === pattern;
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${source}$`);
}

/** An adapter claims a URL when one of its match patterns matches and its optional URL filter agrees. */
export function claimsUrl(adapter: Pick<SiteAdapter, 'matches' | 'urlFilter'>, url: URL | string): boolean {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (!adapter.matches.some((p) => matchesPattern(p, u))) return false;
  return adapter.urlFilter ? adapter.urlFilter(u) : true;
}
