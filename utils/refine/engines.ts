/**
 * The engines a refined search can be opened on, and how each takes a query in its address. Google and Bing read
 * search operators (`-site:`); Perplexity and ChatGPT do not, so exclusions are said to them in words.
 */
import { REFINE_ENGINES } from '../../storage/labels';

export { REFINE_ENGINES };
export type RefineEngine = (typeof REFINE_ENGINES)[number];

export interface EngineRules {
  /** Takes `-site:domain` and `"quoted phrases"`. */
  operators: boolean;
  /** Words the engine reads; later ones are ignored by it (Google: 32, operators included). */
  maxWords: number;
  /** Characters of query text we put in an address. */
  maxChars: number;
  /** Most `-site:` exclusions in one query. */
  maxExclusions: number;
  /** A chat: the refinement can also be asked as a follow-up in the same thread. */
  chat: boolean;
}

/**
 * Google ignores every word after the 32nd (operators count as words). Bing publishes no word limit for bing.com;
 * we keep its query under 1,500 characters (the limit of Bing's Web Search API `q`) and at most 8 `-site:`
 * exclusions (our choice: longer operator chains were not verified to be honoured). The chats take long prompts;
 * 2,000 characters keeps their addresses short.
 */
export const ENGINE_RULES: Record<RefineEngine, EngineRules> = {
  google: { operators: true, maxWords: 32, maxChars: 2_000, maxExclusions: 31, chat: false },
  'google-ai-mode': { operators: true, maxWords: 32, maxChars: 2_000, maxExclusions: 31, chat: false },
  bing: { operators: true, maxWords: Number.POSITIVE_INFINITY, maxChars: 1_500, maxExclusions: 8, chat: false },
  perplexity: { operators: false, maxWords: Number.POSITIVE_INFINITY, maxChars: 2_000, maxExclusions: 20, chat: true },
  chatgpt: { operators: false, maxWords: Number.POSITIVE_INFINITY, maxChars: 2_000, maxExclusions: 20, chat: true },
};

/** The engine a site's answer is refined on; null for sites we cannot re-run a search on. */
export function engineOf(siteId: string): RefineEngine | null {
  switch (siteId) {
    case 'google-ai-overview':
    case 'google-paa':
      return 'google';
    case 'google-ai-mode':
      return 'google-ai-mode';
    case 'bing':
    case 'bing-copilot':
      return 'bing';
    case 'perplexity':
      return 'perplexity';
    case 'chatgpt':
      return 'chatgpt';
    default:
      return null;
  }
}

const GOOGLE_HOST = /^(www\.)?google\.[a-z.]{2,10}$/;

/**
 * The address that runs `query` on `engine`. Google keeps the page's own Google host and interface language
 * (`hl`), and AI Mode keeps `udm=50`; the others have one address.
 */
export function searchUrl(engine: RefineEngine, query: string, pageUrl?: string): string {
  const page = safeUrl(pageUrl);
  switch (engine) {
    case 'google':
    case 'google-ai-mode': {
      const host = page && GOOGLE_HOST.test(page.hostname) ? page.hostname : 'www.google.com';
      const url = new URL(`https://${host}/search`);
      url.searchParams.set('q', query);
      if (engine === 'google-ai-mode') url.searchParams.set('udm', '50');
      const hl = page?.searchParams.get('hl');
      if (hl && /^[A-Za-z-]{2,12}$/.test(hl)) url.searchParams.set('hl', hl);
      return url.href;
    }
    case 'bing': {
      const url = new URL('https://www.bing.com/search');
      url.searchParams.set('q', query);
      return url.href;
    }
    case 'perplexity': {
      const url = new URL('https://www.perplexity.ai/search');
      url.searchParams.set('q', query);
      return url.href;
    }
    case 'chatgpt': {
      const url = new URL('https://chatgpt.com/');
      url.searchParams.set('q', query);
      url.searchParams.set('hints', 'search');
      return url.href;
    }
  }
}

function safeUrl(href: string | undefined): URL | null {
  if (!href) return null;
  try {
    return new URL(href);
  } catch {
    return null;
  }
}
