import { describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../../storage/schema';
import { makeEvent } from '../../../utils/content/make-event';
import { buildRefinement, nothingGiven, nothingNew, replaceConstraint } from '../../../utils/refine/build-query';
import { collectRefineFeedback, type RefineFeedback } from '../../../utils/refine/collect';
import { engineOf, searchUrl } from '../../../utils/refine/engines';
import { countWords } from '../../../utils/refine/words';
import { uuidv7 } from '../../../utils/uuidv7';

const traceId = uuidv7();
const sources = [
  {
    id: 's1',
    url: 'https://www.spam.example/a',
    title: 'A',
    domain: 'spam.example',
    position: 0,
    citingSentenceIds: [],
  },
  {
    id: 's2',
    url: 'https://old.example.org/b',
    title: 'B',
    domain: 'old.example.org',
    position: 1,
    citingSentenceIds: [],
  },
  { id: 's3', url: 'https://cdc.gov/c', title: 'C', domain: 'cdc.gov', position: 2, citingSentenceIds: [] },
  { id: 's4', url: 'https://cdc.gov/d', title: 'D', domain: 'cdc.gov', position: 3, citingSentenceIds: [] },
];
const aspect = (text: string) =>
  makeEvent(traceId, {
    stage: 'decomposition',
    target: { type: 'stage' },
    kind: 'label',
    value: { label: 'missing_aspect', text },
  });
const feedback = (over: Partial<RefineFeedback>): RefineFeedback => ({
  aspects: [],
  rewrites: [],
  excluded: [],
  ...over,
});

describe('collectRefineFeedback', () => {
  it('takes aspects, added and rewritten sub-queries, and flagged domains, from the user only', () => {
    const events: FeedbackEvent[] = [
      aspect('shift workers'),
      makeEvent(traceId, {
        stage: 'decomposition',
        target: { type: 'stage' },
        kind: 'edit',
        value: { op: 'add', before: null, after: 'naps' },
      }),
      makeEvent(traceId, {
        stage: 'decomposition',
        target: { type: 'subquery', subqueryId: 'q1' },
        kind: 'edit',
        value: { op: 'rewrite', before: 'sleep 2023', after: 'sleep 2025' },
      }),
      makeEvent(traceId, {
        stage: 'retrieval',
        target: { type: 'source', sourceId: 's1' },
        kind: 'label',
        value: { label: 'unreliable_source' },
      }),
      makeEvent(traceId, {
        stage: 'retrieval',
        target: { type: 'source', sourceId: 's2' },
        kind: 'relevance',
        value: 0,
      }),
      // cdc.gov: one source irrelevant, another highly relevant: the domain stays.
      makeEvent(traceId, {
        stage: 'retrieval',
        target: { type: 'source', sourceId: 's3' },
        kind: 'relevance',
        value: 0,
      }),
      makeEvent(traceId, {
        stage: 'retrieval',
        target: { type: 'source', sourceId: 's4' },
        kind: 'relevance',
        value: 2,
      }),
      makeEvent(traceId, {
        stage: 'retrieval',
        target: { type: 'source', sourceId: 's1' },
        kind: 'relevance',
        value: 1,
      }),
      {
        ...aspect('agent idea'),
        origin: 'shadow',
        agent: { name: 'a', version: '1', confidence: 0.5 },
      } as FeedbackEvent,
    ];
    const got = collectRefineFeedback({ sources }, events);
    expect(got.aspects.map((a) => a.text)).toEqual(['shift workers', 'naps']);
    expect(got.rewrites).toEqual([{ before: 'sleep 2023', after: 'sleep 2025', eventId: events[2]?.id }]);
    expect(got.excluded.map((e) => e.domain)).toEqual(['spam.example', 'old.example.org']);
  });
});

describe('buildRefinement per engine', () => {
  const fb = feedback({
    aspects: [
      { text: 'shift workers', eventId: 'e1' },
      { text: 'naps', eventId: 'e2' },
    ],
    excluded: [{ domain: 'spam.example', eventId: 'e3' }],
  });
  const original = { query: 'how much sleep do adults need', pageUrl: 'https://www.google.de/search?q=x&hl=de&ei=abc' };

  it('Google: quoted phrases, terms and -site:, on the page’s Google host with its language', () => {
    const r = buildRefinement('google', original, fb);
    expect(r).toMatchObject({
      kind: 'refined',
      query: 'how much sleep do adults need "shift workers" naps -site:spam.example',
      feedbackEventIds: ['e1', 'e2', 'e3'],
      followUp: null,
    });
    if (r.kind !== 'refined') throw new Error('refined');
    expect(r.url).toBe(
      'https://www.google.de/search?q=how+much+sleep+do+adults+need+%22shift+workers%22+naps+-site%3Aspam.example&hl=de',
    );
  });

  it('AI Mode keeps udm=50', () => {
    const r = buildRefinement(
      'google-ai-mode',
      { query: 'q', pageUrl: 'https://www.google.com/search?q=q&udm=50' },
      fb,
    );
    if (r.kind !== 'refined') throw new Error('refined');
    expect(new URL(r.url).searchParams.get('udm')).toBe('50');
    expect(new URL(r.url).pathname).toBe('/search');
  });

  it('Bing: operators at /search?q=', () => {
    const r = buildRefinement('bing', original, fb);
    if (r.kind !== 'refined') throw new Error('refined');
    expect(r.url).toBe(`https://www.bing.com/search?q=${new URLSearchParams({ q: r.query }).toString().slice(2)}`);
    expect(r.query).toContain('-site:spam.example');
  });

  it('Perplexity and ChatGPT: exclusions in words, no operators; ChatGPT asks for search', () => {
    const p = buildRefinement('perplexity', original, fb);
    const c = buildRefinement('chatgpt', original, fb);
    if (p.kind !== 'refined' || c.kind !== 'refined') throw new Error('refined');
    expect(p.query).toBe(
      'how much sleep do adults need. Also cover: shift workers; naps. Leave out sources from spam.example.',
    );
    expect(p.query).not.toContain('site:');
    expect(p.url.startsWith('https://www.perplexity.ai/search?q=how+much+sleep')).toBe(true);
    expect(new URL(c.url).origin + new URL(c.url).pathname).toBe('https://chatgpt.com/');
    expect(new URL(c.url).searchParams.get('hints')).toBe('search');
    expect(new URL(c.url).searchParams.get('q')).toBe(c.query);
    expect(c.followUp).toBe('Search again. Also cover: shift workers; naps. Leave out sources from spam.example.');
  });

  it('a chat follow-up restates the question only when the feedback changed it (case and a closing 。 are not changes)', () => {
    const question = { query: 'ChatGPT の提供する機能についてまとめてください。' };
    const same = buildRefinement('chatgpt', question, feedback({ aspects: [{ text: 'shift workers', eventId: 'a' }] }));
    if (same.kind !== 'refined') throw new Error('refined');
    expect(same.followUp).toBe('Search again. Also cover: shift workers.');
    expect(same.query).toBe('ChatGPT の提供する機能についてまとめてください。 Also cover: shift workers.');
    const rewritten = buildRefinement(
      'perplexity',
      { query: 'Hotels in Paris 2023?' },
      feedback({ rewrites: [{ before: 'paris hotels 2023', after: 'paris hotels 2025', eventId: 'r' }] }),
    );
    if (rewritten.kind !== 'refined') throw new Error('refined');
    expect(rewritten.followUp).toBe('Search again for: Hotels in Paris 2025.');
  });

  it('an edited constraint replaces the original in the query', () => {
    expect(replaceConstraint('best hotels in paris 2023', 'paris hotels 2023', 'paris hotels 2025')).toBe(
      'best hotels in paris 2025',
    );
    const r = buildRefinement(
      'google',
      { query: 'best hotels in paris 2023' },
      feedback({ rewrites: [{ before: 'paris hotels 2023', after: 'paris hotels 2025 under €200', eventId: 'r1' }] }),
    );
    expect(r).toMatchObject({
      kind: 'refined',
      query: 'best hotels in paris 2025 under €200',
      feedbackEventIds: ['r1'],
    });
  });

  it('a rewrite whose dropped words are not in the query is added as an aspect', () => {
    const r = buildRefinement(
      'google',
      { query: 'sleep for adults' },
      feedback({ rewrites: [{ before: 'cdc guideline', after: 'nhs guideline', eventId: 'r1' }] }),
    );
    expect(r).toMatchObject({ kind: 'refined', query: 'sleep for adults "nhs guideline"' });
  });

  it('Google reads 32 words: parts past the limit are left out and named', () => {
    const query = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const r = buildRefinement(
      'google',
      { query },
      feedback({
        aspects: [{ text: 'extra', eventId: 'a' }],
        excluded: [
          { domain: 'one.example', eventId: 'b' },
          { domain: 'two.example', eventId: 'c' },
        ],
      }),
    );
    if (r.kind !== 'refined') throw new Error('refined');
    expect(countWords(r.query)).toBe(32);
    expect(r.query.endsWith('extra -site:one.example')).toBe(true);
    expect(r.leftOut).toEqual(['leaving out two.example']);
    expect(r.feedbackEventIds).toEqual(['a', 'b']);
  });

  it('a query already at 32 words on Google: nothing to refine, and why', () => {
    const query = Array.from({ length: 32 }, (_, i) => `w${i}`).join(' ');
    const r = buildRefinement('google', { query }, feedback({ aspects: [{ text: 'extra', eventId: 'a' }] }));
    expect(r).toEqual({
      kind: 'nothing',
      message: 'Nothing to refine: this search already uses the 32 words the site reads, so “extra” would be ignored.',
    });
  });

  it('Bing takes at most 8 -site: exclusions and 1,500 characters', () => {
    const excluded = Array.from({ length: 10 }, (_, i) => ({ domain: `d${i}.example`, eventId: `x${i}` }));
    const r = buildRefinement('bing', { query: 'q' }, feedback({ excluded }));
    if (r.kind !== 'refined') throw new Error('refined');
    expect(r.query.match(/-site:/g)).toHaveLength(8);
    expect(r.leftOut).toEqual(['leaving out d8.example', 'leaving out d9.example']);
    const long = buildRefinement(
      'bing',
      { query: 'x'.repeat(1_490) },
      feedback({ aspects: [{ text: 'abcdefghijk', eventId: 'a' }] }),
    );
    expect(long.kind).toBe('nothing');
  });

  it('non-Latin scripts: Japanese is counted in words, and URL-encoded as UTF-8', () => {
    const r = buildRefinement(
      'google',
      { query: '東京の天気' },
      feedback({ aspects: [{ text: '週末の予報', eventId: 'a' }] }),
    );
    if (r.kind !== 'refined') throw new Error('refined');
    expect(r.query).toBe('東京の天気 "週末の予報"');
    expect(r.url).toBe(
      `https://www.google.com/search?q=${encodeURIComponent('東京の天気 "週末の予報"').replace(/%20/g, '+')}`,
    );
    expect(countWords('東京の天気')).toBeGreaterThan(1);
    const ar = buildRefinement(
      'perplexity',
      { query: 'كم ساعة نوم' },
      feedback({ excluded: [{ domain: 'x.example', eventId: 'b' }] }),
    );
    expect(ar).toMatchObject({ kind: 'refined', query: 'كم ساعة نوم. Leave out sources from x.example.' });
    if (ar.kind === 'refined') expect(new URL(ar.url).searchParams.get('q')).toBe(ar.query);
  });

  it('nothing given, or nothing new, says so instead of repeating the same search', () => {
    expect(buildRefinement('google', original, feedback({}))).toEqual({ kind: 'nothing', message: nothingGiven() });
    expect(
      buildRefinement('google', original, feedback({ aspects: [{ text: 'Adults need sleep', eventId: 'a' }] })),
    ).toEqual({ kind: 'nothing', message: nothingNew() });
  });

  it('quotes inside an aspect cannot break the phrase', () => {
    const r = buildRefinement(
      'google',
      { query: 'q' },
      feedback({ aspects: [{ text: 'the "best" price', eventId: 'a' }] }),
    );
    expect(r).toMatchObject({ query: 'q "the best price"' });
  });
});

describe('engines', () => {
  it('maps every site to its engine', () => {
    expect(engineOf('google-ai-overview')).toBe('google');
    expect(engineOf('google-paa')).toBe('google');
    expect(engineOf('google-ai-mode')).toBe('google-ai-mode');
    expect(engineOf('bing-copilot')).toBe('bing');
    expect(engineOf('unknown')).toBeNull();
  });
  it('a page on another host than Google gets www.google.com', () => {
    expect(searchUrl('google', 'a b', 'https://evil.example/search?q=1')).toBe('https://www.google.com/search?q=a+b');
  });
});
