const GOOGLE_SEARCH = /^https:\/\/[^/]*\.google\.[^/]+\/search/;

/**
 * Cheap signs that a page may hold an AI answer, per adapter id: the only part of the
 * adapters the always-on detector script carries. When one matches, the background
 * injects the full overlay. Data only: no imports, so the detector stays a few kB.
 *
 * Each sign applies only on its adapter's own pages (`urls`, a coarse form of the adapter's
 * match patterns: the detector only runs where one of those matched). Without it, Copilot
 * Search's `[role="main"]` matched Google's results column, and the overlay was injected
 * into every Google results page, answer or not (2026-11-27).
 * The conventions test checks every adapter has one, that `urls` agrees with the adapter's
 * match patterns on every known test URL, and that the selector matches its saved pages.
 */
export const PRESENCE: Readonly<Record<string, { urls: RegExp; selector: string }>> = {
  'google-ai-overview': { urls: GOOGLE_SEARCH, selector: '[data-mcpr], [data-subtree="aimc"]' },
  'google-paa': { urls: GOOGLE_SEARCH, selector: '[data-attrid="SrpGenSumSummary"]' },
  'google-ai-mode': { urls: GOOGLE_SEARCH, selector: '[data-subtree="aimc"], [data-subtree="aimq"]' },
  perplexity: { urls: /^https:\/\/(www\.)?perplexity\.ai\//, selector: '[id^="markdown-content-"], .prose' },
  chatgpt: { urls: /^https:\/\/chatgpt\.com\//, selector: '[data-message-author-role="assistant"]' },
  bing: { urls: /^https:\/\/www\.bing\.com\/search/, selector: '#b_genserp_container' },
  'bing-copilot': {
    urls: /^https:\/\/www\.bing\.com\/copilotsearch/,
    selector: '#b_copilot_search, .b_cs_canvas, [role="main"], main',
  },
};

/** The signs that apply at `href`, as one selector list; empty where no adapter reads answers. */
export function presenceSelector(href: string): string {
  return Object.values(PRESENCE)
    .filter((p) => p.urls.test(href))
    .map((p) => p.selector)
    .join(', ');
}
