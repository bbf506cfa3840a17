import type { SubQuery } from '../../../storage/schema';
import { clipText, wellFormed } from '../../text/well-formed';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { domainOf } from '../../url/domain';

/** A source as a site's own JSON lists it. */
export interface SiteSource {
  url: string;
  title: string;
  domain: string;
}

/** What a site's own JSON adds to the page: its sub-queries and what it retrieved and cited. */
export interface SiteData {
  subqueries: SubQuery[];
  retrieved: SiteSource[];
  cited: SiteSource[];
}

export type SiteDataResult = { ok: true; data: SiteData } | { ok: false; reason: string };

export function siteDataFailure(reason: string): SiteDataResult {
  return { ok: false, reason };
}

/** Sub-queries in order, de-duplicated, with origin `site-data`. */
export function toSubqueries(texts: Iterable<string>): SubQuery[] {
  const seen = new Set<string>();
  const out: SubQuery[] = [];
  for (const raw of texts) {
    const text = clipText(wellFormed(raw).replace(/\s+/g, ' ').trim(), 2_000);
    if (!text || seen.has(text)) continue;
    seen.add(text);
    out.push({ id: `sq-${out.length}`, text, position: out.length, origin: 'site-data' });
  }
  return out;
}

/** Canonical, de-duplicated sources; entries without an http(s) URL are dropped. */
export function toSiteSources(entries: Iterable<{ url: string; title?: string | null }>): SiteSource[] {
  const byUrl = new Map<string, SiteSource>();
  for (const e of entries) {
    const url = tryCanonicalizeUrl(e.url);
    if (!url || byUrl.has(url)) continue;
    byUrl.set(url, {
      url,
      title: clipText(
        wellFormed(e.title ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
        2_000,
      ),
      domain: domainOf(url),
    });
  }
  return [...byUrl.values()];
}

/** A same-origin GET of JSON with a timeout; never throws. */
export async function fetchJson(
  url: string,
  init: RequestInit & { timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<{ ok: true; body: unknown } | { ok: false; reason: string }> {
  const { timeoutMs = 8_000, fetchImpl = fetch, ...rest } = init;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(url, { credentials: 'include', ...rest, signal: controller.signal });
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}` };
    return { ok: true, body: await response.json() };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, reason: `timed out after ${timeoutMs} ms` };
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
