import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConversation } from '../../../utils/adapters/chatgpt/conversation-json';
import { conversationId, fetchChatgptSiteData } from '../../../utils/adapters/chatgpt/site-data';
import { fetchPerplexitySiteData, threadSlug } from '../../../utils/adapters/perplexity/site-data';
import { parseThread } from '../../../utils/adapters/perplexity/thread-json';
import { HAVE_REAL_PAGES, REAL_PAGES_DIR } from './real-pages';

const MALFORMED: unknown[] = [null, undefined, 42, 'text', [], {}, { entries: 'x' }, { mapping: [], current_node: 1 }];

describe.skipIf(!HAVE_REAL_PAGES)('ChatGPT conversation JSON (real payload, chatgpt-json/)', () => {
  const payload = () =>
    JSON.parse(
      readFileSync(path.join(REAL_PAGES_DIR, 'chatgpt-json/conversation-with-search-2025-11-26.json'), 'utf8'),
    ) as unknown;

  it('reads the sub-queries, everything retrieved and what was cited', () => {
    const result = parseConversation(payload());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.subqueries.map((q) => q.text)).toEqual([
      'average number of sexual partners lifetime Austria',
      'average number of sexual partners lifetime Europe country comparison',
      'global survey average number of sexual partners lifetime worldwide',
      'Austria sexual behaviour survey average partners',
    ]);
    expect(result.data.subqueries.every((q, i) => q.origin === 'site-data' && q.position === i)).toBe(true);
    expect(result.data.retrieved.length).toBe(27);
    expect(result.data.cited.length).toBe(5);
    expect(result.data.cited[0]?.url).toBe(
      'https://worldpopulationreview.com/country-rankings/average-number-of-sexual-partners-by-country',
    );
    // Cited sources are among the retrieved ones, and tracking parameters are gone.
    const retrieved = new Set(result.data.retrieved.map((s) => s.url));
    for (const s of result.data.cited) expect(retrieved.has(s.url), s.url).toBe(true);
    expect(result.data.retrieved.some((s) => s.url.includes('utm_source'))).toBe(false);
  });

  it('fails (without throwing) when a node of the current branch is missing', () => {
    const broken = payload() as { current_node: string };
    expect(parseConversation({ ...broken, current_node: 'nope' }).ok).toBe(false);
  });
});

describe('site JSON parsers on malformed input', () => {
  it.each(MALFORMED)('returns a failure for %j', (input) => {
    expect(parseConversation(input).ok).toBe(false);
    expect(parseThread(input).ok).toBe(false);
  });

  it('fails when a known field has the wrong type', () => {
    const conversation = {
      current_node: 'a',
      mapping: { a: { parent: null, message: { metadata: { search_model_queries: { queries: 'x' } } } } },
    };
    expect(parseConversation(conversation).ok).toBe(false);
    expect(
      parseThread({ entries: [{ blocks: [{ intended_usage: 'pro_search_steps', plan_block: { steps: 3 } }] }] }).ok,
    ).toBe(false);
  });
});

// SYNTHETIC: no saved Perplexity thread JSON exists; this payload follows the structure in
// notes/ai-search-surfaces.md (entries[].blocks[] → pro_search_steps → plan_block.steps[]).
const SYNTHETIC_THREAD = {
  status: 'success',
  entries: [
    {
      query_str: 'how much sleep do adults need',
      blocks: [
        { intended_usage: 'ask_text', markdown_block: { answer: 'Adults need 7+ hours.' } },
        {
          intended_usage: 'pro_search_steps',
          plan_block: {
            goals: [],
            steps: [
              { step_type: 'INITIAL_QUERY', initial_query_content: { query: 'how much sleep do adults need' } },
              {
                step_type: 'SEARCH_WEB',
                search_web_content: { queries: [{ query: 'adult sleep recommendation CDC' }, 'sleep hours by age'] },
              },
              {
                step_type: 'SEARCH_RESULTS',
                web_results_content: {
                  web_results: [
                    { name: 'About Sleep | CDC', url: 'https://www.cdc.gov/sleep/about/index.html?utm_source=x' },
                    { name: 'How Much Sleep', url: 'https://www.sleepfoundation.org/how-sleep-works#top' },
                    { name: 'dup', url: 'https://www.cdc.gov/sleep/about/index.html' },
                  ],
                },
              },
            ],
          },
        },
      ],
    },
  ],
};

describe('Perplexity thread JSON (synthetic payload)', () => {
  it('reads SEARCH_WEB queries and SEARCH_RESULTS results', () => {
    const result = parseThread(SYNTHETIC_THREAD);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.subqueries).toEqual([
      { id: 'sq-0', text: 'adult sleep recommendation CDC', position: 0, origin: 'site-data' },
      { id: 'sq-1', text: 'sleep hours by age', position: 1, origin: 'site-data' },
    ]);
    expect(result.data.retrieved.map((s) => s.url)).toEqual([
      'https://www.cdc.gov/sleep/about/index.html',
      'https://www.sleepfoundation.org/how-sleep-works',
    ]);
    expect(result.data.retrieved[0]?.title).toBe('About Sleep | CDC');
  });

  it('fails when the thread has no steps block', () => {
    expect(parseThread({ entries: [{ blocks: [] }] })).toEqual({
      ok: false,
      reason: 'thread has no pro_search_steps block',
    });
  });
});

describe('fetching site data', () => {
  const json = (body: unknown, status = 200) =>
    Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

  it('finds thread slugs and conversation ids in page URLs', () => {
    expect(threadSlug(new URL('https://www.perplexity.ai/search/how-much-sleep-abc123'))).toBe('how-much-sleep-abc123');
    expect(threadSlug(new URL('https://www.perplexity.ai/'))).toBeNull();
    expect(conversationId(new URL('https://chatgpt.com/c/6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f'))).toBe(
      '6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f',
    );
    expect(conversationId(new URL('https://chatgpt.com/'))).toBeNull();
  });

  it('GETs the Perplexity thread on the same origin and parses it', async () => {
    const calls: string[] = [];
    const fetchImpl = ((url: string) => {
      calls.push(url);
      return json(SYNTHETIC_THREAD);
    }) as typeof fetch;
    const result = await fetchPerplexitySiteData(new URL('https://www.perplexity.ai/search/abc'), { fetchImpl });
    expect(calls).toEqual(['https://www.perplexity.ai/rest/thread/abc']);
    expect(result.ok).toBe(true);
  });

  it('sends the session token to the ChatGPT conversation endpoint', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fetchImpl = ((url: string, init?: RequestInit) => {
      seen.push({ url, auth: new Headers(init?.headers).get('authorization') });
      if (url.endsWith('/api/auth/session')) return json({ accessToken: 'tok' });
      return json({ current_node: 'a', mapping: { a: { parent: null, message: { metadata: {} } } } });
    }) as typeof fetch;
    const result = await fetchChatgptSiteData(new URL('https://chatgpt.com/c/6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f'), {
      fetchImpl,
    });
    expect(result).toEqual({ ok: true, data: { subqueries: [], retrieved: [], cited: [] } });
    expect(seen).toEqual([
      { url: 'https://chatgpt.com/api/auth/session', auth: null },
      { url: 'https://chatgpt.com/backend-api/conversation/6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f', auth: 'Bearer tok' },
    ]);
  });

  it('fails soft on HTTP errors, missing tokens, network errors and timeouts', async () => {
    const page = new URL('https://chatgpt.com/c/6790a1b2-0c3d-8000-9e4f-1a2b3c4d5e6f');
    expect(await fetchChatgptSiteData(page, { fetchImpl: (() => json({}, 401)) as typeof fetch })).toEqual({
      ok: false,
      reason: 'session: HTTP 401',
    });
    expect((await fetchChatgptSiteData(page, { fetchImpl: (() => json({ user: 1 })) as typeof fetch })).ok).toBe(false);
    const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    expect(
      await fetchPerplexitySiteData(new URL('https://www.perplexity.ai/search/x'), { fetchImpl: offline }),
    ).toEqual({
      ok: false,
      reason: 'thread: Failed to fetch',
    });
    const hanging = ((_: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof fetch;
    const slow = await fetchPerplexitySiteData(new URL('https://www.perplexity.ai/search/x'), {
      fetchImpl: hanging,
      timeoutMs: 20,
    });
    expect(slow).toEqual({ ok: false, reason: 'thread: timed out after 20 ms' });
  });
});
