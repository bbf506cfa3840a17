import { bing } from './bing';
import { bingCopilot } from './bing-copilot';
import { chatgpt } from './chatgpt';
import { claimsUrl } from './common/match-pattern';
import { googleAiMode } from './google-ai-mode';
import { googleAiOverview } from './google-ai-overview';
import { googlePaa } from './google-paa';
import { perplexity } from './perplexity';
import type { SiteAdapter } from './types';

/** Every supported surface, the one list. Importing it does no DOM or browser work. */
export const ADAPTERS: readonly SiteAdapter[] = [
  googleAiOverview,
  googlePaa,
  googleAiMode,
  perplexity,
  chatgpt,
  bing,
  bingCopilot,
];

/**
 * Adapters that deliberately read the same pages: a Google results page can hold an
 * Overview and AI answers in "People also ask". Any other overlap is a mistake.
 */
export const SHARED_PAGES: readonly (readonly string[])[] = [['google-ai-overview', 'google-paa']];

export function adaptersForUrl(url: URL | string): SiteAdapter[] {
  const u = typeof url === 'string' ? new URL(url) : url;
  return ADAPTERS.filter((adapter) => claimsUrl(adapter, u));
}

/** The content script's match patterns: the de-duplicated union of every adapter's. */
export function contentScriptMatches(): string[] {
  return [...new Set(ADAPTERS.flatMap((a) => a.matches))];
}
