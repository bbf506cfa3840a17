/**
 * Cheap signs that a page may hold an AI answer, per adapter id: the only part of the
 * adapters the always-on detector script carries. When one matches, the background
 * injects the full overlay. Data only: no imports, so the detector stays a few kB.
 * The conventions test checks every adapter has one and that it matches its saved pages.
 */
export const PRESENCE: Readonly<Record<string, string>> = {
  'google-ai-overview': '[data-mcpr], [data-subtree="aimc"]',
  'google-paa': '[data-attrid="SrpGenSumSummary"]',
  'google-ai-mode': '[data-subtree="aimc"], [data-subtree="aimq"]',
  perplexity: '[id^="markdown-content-"], .prose',
  chatgpt: '[data-message-author-role="assistant"]',
  bing: '#b_genserp_container',
  'bing-copilot': '#b_copilot_search, .b_cs_canvas, [role="main"], main',
};

export const ANY_ANSWER_SELECTOR = Object.values(PRESENCE).join(', ');
