import { describe, expect, it } from 'vitest';
import { unreadText } from '../../components/overlay/unread-stages';
import { HEALTH_WINDOW, type HealthEntry, summarizeHealth, withEntry } from '../../storage/reading-health';
import { readPathsOf } from '../../utils/adapters/read-paths-of';
import { healthLine } from '../../utils/reading-health/health-line';
import { traceDraft } from '../support/factories';

describe('readPathsOf', () => {
  it('takes the paths an adapter reports as they are', () => {
    const reported = { answer: 'structural', sources: 'none' } as const;
    expect(readPathsOf('perplexity', { ...traceDraft(), readPaths: reported })).toBe(reported);
  });

  it('derives them from what was read when the adapter reports none', () => {
    expect(readPathsOf('google-ai-overview', traceDraft())).toEqual({
      answer: 'exact',
      query: 'exact',
      sources: 'exact',
      citations: 'exact',
    });
    const noSources = traceDraft({ sources: [], query: '  ' });
    expect(readPathsOf('perplexity', noSources)).toEqual({ answer: 'exact', query: 'none', sources: 'none' });
    // ChatGPT answers without searching: no sources there is no failure to read them.
    expect(readPathsOf('chatgpt', noSources)).toEqual({ answer: 'exact', query: 'none' });
    const subquery = { id: 'q', text: 'x', position: 0, origin: 'site-data' as const };
    expect(readPathsOf('perplexity', traceDraft({ subqueries: [subquery] })).subqueries).toBe('site-data');
    const shown = traceDraft({ subqueries: [{ ...subquery, origin: 'shown' }] });
    expect(readPathsOf('perplexity', shown).subqueries).toBe('exact');
  });
});

const entry = (traceId: string, capturedAt: string, readPaths: HealthEntry['readPaths']): HealthEntry => ({
  traceId,
  capturedAt,
  readPaths,
});

describe('a site’s reading health', () => {
  it('keeps the latest answers, newest first, an answer read again once', () => {
    let recent: HealthEntry[] = [];
    for (let i = 0; i < HEALTH_WINDOW + 5; i++) {
      recent = withEntry(recent, entry(`t${i}`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), {}));
    }
    expect(recent).toHaveLength(HEALTH_WINDOW);
    expect(recent[0]?.traceId).toBe(`t${HEALTH_WINDOW + 4}`);
    const again = withEntry(recent, entry('t24', '2026-01-01T01:00:00.000Z', { sources: 'none' }));
    expect(again).toHaveLength(HEALTH_WINDOW);
    expect(again.filter((e) => e.traceId === 't24')).toEqual([
      entry('t24', '2026-01-01T01:00:00.000Z', { sources: 'none' }),
    ]);
  });

  it('says in one line how the latest answers were read', () => {
    const full = { answer: 'exact', query: 'exact', sources: 'exact' } as const;
    const noSources = { ...full, sources: 'none' } as const;
    const at = '2026-01-01T00:00:00.000Z';
    const all = Array.from({ length: 20 }, (_, i) => entry(`t${i}`, at, full));
    expect(healthLine('Perplexity', summarizeHealth(all))).toBe('Perplexity: last 20 answers read in full');
    const some = all.map((e, i) => (i < 3 ? { ...e, readPaths: noSources } : e));
    expect(healthLine('Perplexity', summarizeHealth(some))).toBe(
      'Perplexity: last 20 answers: 17 read in full; sources missing in 3',
    );
    expect(healthLine('Bing', summarizeHealth([entry('a', at, noSources)]))).toBe('Bing: last answer: sources missing');
    const structural = [entry('a', at, { ...full, answer: 'structural' }), entry('b', at, full)];
    expect(healthLine('Google', summarizeHealth(structural))).toBe(
      'Google: last 2 answers read in full; 1 found another way than usual (the site may have changed its layout)',
    );
  });
});

describe('what the strip says it could not read', () => {
  it('names a stage whose part was looked for and not found, unless the trace holds it after all', () => {
    const none = traceDraft({ sources: [], readPaths: { answer: 'exact', sources: 'none', subqueries: 'none' } });
    expect(unreadText(none, 'retrieval')).toBe('Sources could not be read here');
    expect(unreadText(none, 'decomposition')).toBe('Sub-queries could not be read here');
    expect(unreadText(none, 'answer')).toBeNull();
    expect(unreadText(none, 'overall')).toBeNull();
    // The site's own data gave the sub-queries after the page was read.
    const subqueries = [{ id: 'q', text: 'x', position: 0, origin: 'site-data' as const }];
    expect(unreadText({ ...none, subqueries }, 'decomposition')).toBeNull();
    // Parts read another way are not "could not be read".
    expect(unreadText(traceDraft({ readPaths: { sources: 'structural' } }), 'retrieval')).toBeNull();
  });

  it('offers no Sources controls on a complete answer that cites nothing, and keeps them while it is written', () => {
    // A site that may answer without search (a chat): nothing was missed, there is simply nothing to judge.
    const uncited = traceDraft({ sources: [], readPaths: { answer: 'exact' } });
    expect(unreadText(uncited, 'retrieval')).toBe('No sources cited');
    expect(unreadText({ ...uncited, answer: { ...uncited.answer, complete: false } }, 'retrieval')).toBeNull();
    expect(unreadText(uncited, 'decomposition')).toBeNull();
  });
});
