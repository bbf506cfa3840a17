import { describe, expect, it } from 'vitest';
import type { FeedbackEvent, Trace } from '../../../storage/schema';
import { AGENT_NAMES } from '../../../utils/shadow/kinds';
import { applyToProfile, type ProfileRow } from '../../../utils/shadow/profile';
import { loadProfileView, readFromMap } from '../../../utils/shadow/profile-view';
import { rankProposals, seededRandom, stageOrder } from '../../../utils/shadow/rank';
import { proposeTier1 } from '../../../utils/shadow/tier1';
import type { Proposal, ShadowProfileView } from '../../../utils/shadow/types';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
let n = 0;
const id = (ms: number) => {
  const h = ms.toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7000-8000-${(n++).toString(16).padStart(12, '0')}`;
};

function trace(query: string, domains: string[], at: number, answer = 'Sleep matters. Adults need 7 hours.'): Trace {
  return {
    id: id(at),
    schemaVersion: 1,
    siteId: 'google-ai-overview',
    pageUrl: 'https://www.google.com/search?q=x',
    query,
    capturedAt: new Date(at).toISOString(),
    lang: 'en',
    subqueries: [],
    sources: domains.map((domain, i) => ({
      id: `s${i}`,
      url: `https://${domain}/p`,
      title: `About sleep on ${domain}`,
      snippet: 'Adults should sleep enough every night.',
      domain,
      position: i,
      citingSentenceIds: ['t1'],
    })),
    answer: {
      text: answer,
      sentences: [
        { id: 't0', start: 0, end: 14 },
        { id: 't1', start: 15, end: answer.length },
      ],
      complete: true,
    },
    availability: { decomposition: 'not_available', retrieval: 'read', answer: 'read' },
    adapter: { id: 'google-ai-overview', version: '1' },
    contentHash: '0'.repeat(64),
  };
}

function event(t: Trace, body: Partial<FeedbackEvent>, at = Date.parse(t.capturedAt) + 1000): FeedbackEvent {
  return {
    id: id(at),
    schemaVersion: 1,
    traceId: t.id,
    createdAt: new Date(at).toISOString(),
    origin: 'user',
    ...body,
  } as FeedbackEvent;
}
const flag = (t: Trace, sourceId = 's0') =>
  event(t, {
    stage: 'retrieval',
    target: { type: 'source', sourceId },
    kind: 'label',
    value: { label: 'unreliable_source' },
  });
const grade = (t: Trace, value: 0 | 1 | 2 | 3, sourceId = 's0') =>
  event(t, { stage: 'retrieval', target: { type: 'source', sourceId }, kind: 'relevance', value });

/** The profile after the user's history, as one answer reads it. */
async function viewAfter(
  history: { trace: Trace; events: FeedbackEvent[] }[],
  answer: Trace,
  now = Date.parse(answer.capturedAt),
) {
  const rows = new Map<string, ProfileRow>();
  for (const h of history) applyToProfile(rows, { events: h.events, traceOf: () => h.trace });
  return loadProfileView(readFromMap(rows), answer, now);
}
const kinds = (ps: Proposal[]) => ps.map((p) => p.kind);

describe('tier 1: domains', () => {
  it('proposes a flag only after two of the user’s own flags on the domain, with the evidence in words', async () => {
    const a = trace('sleep', ['spam.example'], T0);
    const b = trace('naps', ['spam.example'], T0 + DAY);
    const now = trace('rest', ['spam.example', 'good.example'], T0 + 2 * DAY);
    expect(kinds(proposeTier1(now, await viewAfter([{ trace: a, events: [flag(a)] }], now)))).not.toContain(
      'unreliable_source',
    );
    const two = proposeTier1(
      now,
      await viewAfter(
        [
          { trace: a, events: [flag(a)] },
          { trace: b, events: [flag(b)] },
        ],
        now,
      ),
    );
    const proposal = two.find((p) => p.kind === 'unreliable_source');
    expect(proposal?.feedback).toEqual({
      stage: 'retrieval',
      target: { type: 'source', sourceId: 's0' },
      kind: 'label',
      value: { label: 'unreliable_source' },
    });
    expect(proposal?.evidence).toMatch(/^You flagged 2 pages from spam\.example as unreliable/);
    expect(proposal?.agent).toMatchObject({ name: AGENT_NAMES[1] });
    expect(proposal?.agent.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('proposes nothing when the user’s judgements of a domain disagree (posterior below 0.8)', async () => {
    const [a, b, c] = [0, 1, 2].map((i) => trace('q', ['mixed.example'], T0 + i * DAY)) as [Trace, Trace, Trace];
    const now = trace('q', ['mixed.example'], T0 + 3 * DAY);
    const view = await viewAfter(
      [
        { trace: a, events: [flag(a)] },
        { trace: b, events: [flag(b)] },
        { trace: c, events: [grade(c, 3)] },
      ],
      now,
    );
    expect(proposeTier1(now, view).filter((p) => p.feedback.target.type === 'source')).toEqual([]);
  });

  it('lets old judgements fade: two flags two years ago no longer reach 0.8', async () => {
    const a = trace('sleep', ['spam.example'], T0);
    const b = trace('naps', ['spam.example'], T0 + DAY);
    const history = [
      { trace: a, events: [flag(a)] },
      { trace: b, events: [flag(b)] },
    ];
    const soon = trace('rest', ['spam.example'], T0 + 10 * DAY);
    const later = trace('rest', ['spam.example'], T0 + 730 * DAY);
    expect(kinds(proposeTier1(soon, await viewAfter(history, soon)))).toContain('unreliable_source');
    expect(kinds(proposeTier1(later, await viewAfter(history, later)))).not.toContain('unreliable_source');
  });

  it('proposes the grade the user gives a domain they trust', async () => {
    const [a, b] = [0, 1].map((i) => trace('q', ['cdc.gov'], T0 + i * DAY)) as [Trace, Trace];
    const now = trace('q', ['cdc.gov'], T0 + 2 * DAY);
    const view = await viewAfter(
      [
        { trace: a, events: [grade(a, 3)] },
        { trace: b, events: [grade(b, 3)] },
      ],
      now,
    );
    const p = proposeTier1(now, view).find((x) => x.kind === 'source_grade');
    expect(p?.feedback).toMatchObject({ kind: 'relevance', value: 3 });
    expect(p?.evidence).toMatch(/You graded 2 pages from cdc\.gov as relevant/);
  });
});

describe('tier 1: aspects and citation checks', () => {
  const aspect = (t: Trace, text: string) =>
    event(t, {
      stage: 'decomposition',
      target: { type: 'stage' },
      kind: 'label',
      value: { label: 'missing_aspect', text },
    });

  it('asks about an aspect needed on a similar question only when the answer does not cover it', async () => {
    const a = trace('how to improve sleep', [], T0);
    const other = trace('best cloud storage', [], T0 + DAY);
    const history = [
      { trace: a, events: [aspect(a, 'shift workers')] },
      { trace: other, events: [grade(other, 2)] },
    ];
    const similar = trace('how to improve sleep quality', [], T0 + 2 * DAY);
    const p = proposeTier1(similar, await viewAfter(history, similar)).find((x) => x.kind === 'missing_aspect');
    expect(p?.question).toBe('Is “shift workers” missing here?');
    expect(p?.evidence).toContain('“how to improve sleep”');
    const covered = trace(
      'how to improve sleep quality',
      [],
      T0 + 2 * DAY,
      'Shift workers should keep a fixed sleep window.',
    );
    expect(kinds(proposeTier1(covered, await viewAfter(history, covered)))).not.toContain('missing_aspect');
    const unrelated = trace('best cloud storage services', [], T0 + 2 * DAY);
    expect(kinds(proposeTier1(unrelated, await viewAfter(history, unrelated)))).not.toContain('missing_aspect');
  });

  it('phrases a citation check as a check of what the snippet shows, never as a verdict', async () => {
    const t = trace('sleep', ['sleep.example'], T0, 'Sleep matters. Adults need 7 hours, not 5, since 1990.');
    const checks = proposeTier1(t, await viewAfter([], t)).filter((p) => p.kind === 'citation_check');
    expect(checks).toHaveLength(1);
    expect(checks[0]?.question).toMatch(/^Worth a check: what the page shows for .* does not show /);
    for (const detail of ['“7”', '“5”', '“1990”']) expect(checks[0]?.question).toContain(detail);
    expect(checks[0]?.evidence).toMatch(/This is a check, not a verdict/);
    expect(checks[0]?.feedback.target).toEqual({ type: 'citation', sentenceId: 't1', sourceId: 's0' });
    const noSnippet = { ...t, sources: t.sources.map((s) => ({ ...s, snippet: undefined })) };
    expect(kinds(proposeTier1(noSnippet, await viewAfter([], noSnippet)))).not.toContain('citation_check');
  });
});

describe('ranking across tiers', () => {
  const view = (confirmed: number, rejected: number): ShadowProfileView => ({
    now: T0,
    queries: 0,
    termQueries: {},
    domains: {},
    kinds: [{ kind: 'citation_check', tier: 1, confirmed, rejected }],
    stages: [{ siteId: 'x', stage: 'answer', failed: 9, passed: 1 }],
    aspects: [],
  });
  const t = trace(
    'sleep',
    ['a.example', 'b.example', 'c.example', 'd.example'],
    T0,
    'Sleep matters. It takes 7 hours, not 5, since 1990.',
  );

  it('shows at most three, one per kind until the user has said yes to it twice', async () => {
    const proposals = proposeTier1(t, await viewAfter([], t));
    expect(proposals.length).toBe(4);
    expect(rankProposals(proposals, view(0, 0), { random: seededRandom(3) }).length).toBeLessThanOrEqual(1);
    expect(rankProposals(proposals, view(10, 0), { random: seededRandom(3) })).toHaveLength(3);
  });

  it('backs off a kind the user keeps rejecting', async () => {
    const proposals = proposeTier1(t, await viewAfter([], t));
    const random = seededRandom(5);
    let shownAfterRejections = 0;
    let shownAfterConfirmations = 0;
    for (let i = 0; i < 200; i++) {
      if (rankProposals(proposals, view(0, 12), { random }).length > 0) shownAfterRejections++;
      if (rankProposals(proposals, view(12, 0), { random }).length > 0) shownAfterConfirmations++;
    }
    expect(shownAfterRejections).toBeLessThan(10);
    expect(shownAfterConfirmations).toBe(200);
  });

  it('asks first about the stage this user finds failing most on the site', () => {
    expect(stageOrder(view(0, 0))[0]).toBe('answer');
  });
});
