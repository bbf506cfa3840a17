/**
 * The shadow agent in the background, through the validated message boundary: proposals are stored as `shadow`
 * events with their evidence, asked again they come back (never twice), one answer supersedes each, and the
 * profile learns from the user's events as they are written (and from their answers to proposals).
 */
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { createEventWriter } from '../../../storage/event-writer';
import type { FeedbackEvent } from '../../../storage/schema';
import { type BackgroundDeps, dispatch } from '../../../utils/background/dispatch';
import { createQueryHistory } from '../../../utils/background/query-history';
import { createTabTraces } from '../../../utils/background/tab-traces';
import { makeEvent } from '../../../utils/content/make-event';
import { uuidv7 } from '../../../utils/uuidv7';
import { traceDraft } from '../../support/factories';

let deps: BackgroundDeps;
const TAB = { tabId: 4, origin: 'https://www.google.com' };

beforeEach(() => {
  const db = new StagebackDB(`shadow-bg-${uuidv7()}`);
  deps = {
    db,
    writer: createEventWriter(db),
    queries: createQueryHistory(),
    tabTraces: createTabTraces(),
    injectOverlay: async () => {},
    // Exploration fixed at the middle: a kind nobody has answered yet samples 0.5, above the cut.
    random: () => 0.5,
  };
});
afterEach(async () => {
  deps.db.close();
  await Dexie.delete(deps.db.name);
});

const flagged = (traceId: string) =>
  makeEvent(traceId, {
    stage: 'retrieval',
    target: { type: 'source', sourceId: 's1' },
    kind: 'label',
    value: { label: 'unreliable_source' },
  });

/** Three earlier answers citing sleepfoundation.org, each flagged by the user; then a new one, captured by TAB. */
async function withHistory(): Promise<string> {
  for (const query of ['sleep a', 'sleep b', 'sleep c']) {
    const draft = traceDraft({ query });
    await dispatch('captureTrace', draft, deps);
    const recorded = await dispatch('recordEvents', [flagged(draft.id)], deps);
    expect(recorded.ok).toBe(true);
  }
  const next = traceDraft({ query: 'how much sleep now' });
  await dispatch('captureTrace', next, deps, TAB);
  return next.id;
}

describe('shadow proposals through the background', () => {
  it('learns from events as they are stored, not from a scan: the profile row counts the three flags', async () => {
    await withHistory();
    const row = await deps.db.shadowProfile.get('d|sleepfoundation.org');
    expect(row && 'domain' in row ? row.domain : null).toMatchObject({ flags: 3, labels: 3, shown: 3 });
  });

  it('stores proposals as shadow events with their evidence, and gives the same ones when asked again', async () => {
    const traceId = await withHistory();
    const first = await dispatch('getShadowProposals', traceId, deps, TAB);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.data.map((p) => p.kind)).toContain('unreliable_source');
    expect(first.data.length).toBeLessThanOrEqual(3);
    const p = first.data.find((x) => x.kind === 'unreliable_source');
    expect(p?.question).toMatch(/sleepfoundation\.org/);
    expect(p?.why).toMatch(/You flagged 3 pages from sleepfoundation\.org as unreliable/);
    const stored = (await deps.db.events.get(p?.id ?? '')) as FeedbackEvent;
    expect(stored).toMatchObject({ origin: 'shadow', evidence: { question: p?.question, why: p?.why } });
    expect(stored.agent?.name).toBe('stageback-shadow-stats');

    const again = await dispatch('getShadowProposals', traceId, deps, TAB);
    expect(again.ok && again.data.map((x) => x.id)).toEqual(first.data.map((x) => x.id));
    expect(
      await deps.db.events
        .where('[traceId+createdAt]')
        .between([traceId, Dexie.minKey], [traceId, Dexie.maxKey])
        .count(),
    ).toBe(first.data.length);
    // An open proposal is not what the user says.
    const feedback = await dispatch('getTraceFeedback', traceId, deps, TAB);
    expect(feedback.ok && feedback.data).toEqual([]);
    // Nor does the profile count an answer that holds only proposals as one the user judged.
    const row = await deps.db.shadowProfile.get('d|sleepfoundation.org');
    expect(row && 'domain' in row ? row.domain.shown : null).toBe(3);
  });

  it('a yes stores shadow_confirmed superseding the proposal, once, and the profile counts it', async () => {
    const traceId = await withHistory();
    const proposals = await dispatch('getShadowProposals', traceId, deps, TAB);
    if (!proposals.ok) throw new Error(proposals.error.message);
    const p = proposals.data.find((x) => x.kind === 'unreliable_source');
    if (!p) throw new Error('a flag is proposed');
    const yes = await dispatch('answerProposal', { traceId, proposalId: p.id, confirm: true }, deps, TAB);
    if (!yes.ok) throw new Error(yes.error.message);
    expect(yes.data).toMatchObject({
      origin: 'shadow_confirmed',
      supersedes: p.id,
      value: { label: 'unreliable_source' },
    });
    const twice = await dispatch('answerProposal', { traceId, proposalId: p.id, confirm: false }, deps, TAB);
    expect(twice.ok && twice.data.id).toBe(yes.data.id);
    const kind = await deps.db.shadowProfile.get('k|unreliable_source|1');
    expect(kind && 'kind' in kind ? kind.kind : null).toMatchObject({ confirmed: 1, rejected: 0 });
    const feedback = await dispatch('getTraceFeedback', traceId, deps, TAB);
    expect(feedback.ok && feedback.data.map((e) => e.origin)).toEqual(['shadow_confirmed']);

    const again = await dispatch('getShadowProposals', traceId, deps, TAB);
    expect(again.ok && again.data.map((x) => x.id)).not.toContain(p.id);
  });

  it('a no stores shadow_rejected superseding the proposal, counted against its kind, and nothing the user says', async () => {
    const traceId = await withHistory();
    const proposals = await dispatch('getShadowProposals', traceId, deps, TAB);
    const p = proposals.ok ? proposals.data[0] : undefined;
    if (!p) throw new Error('something is proposed');
    const no = await dispatch('answerProposal', { traceId, proposalId: p.id, confirm: false }, deps, TAB);
    expect(no.ok && no.data).toMatchObject({ origin: 'shadow_rejected', supersedes: p.id });
    const kind = await deps.db.shadowProfile.get(`k|${p.kind}|1`);
    expect(kind && 'kind' in kind ? kind.kind : null).toMatchObject({ confirmed: 0, rejected: 1 });
    const feedback = await dispatch('getTraceFeedback', traceId, deps, TAB);
    expect(feedback.ok && feedback.data).toEqual([]);
  });

  it('refuses a content script asking about an answer its tab did not capture, and a proposal that is not one', async () => {
    const traceId = await withHistory();
    const elsewhere = await dispatch('getShadowProposals', traceId, deps, { tabId: 9, origin: TAB.origin });
    expect(elsewhere.ok ? null : elsewhere.error.code).toBe('forbidden_sender');
    const notAProposal = await dispatch('answerProposal', { traceId, proposalId: uuidv7(), confirm: true }, deps, TAB);
    expect(notAProposal.ok ? null : notAProposal.error.message).toBe('there is no such proposal on this answer');
    const invalid = await dispatch('answerProposal', { traceId, proposalId: 'x', confirm: 'yes' }, deps, TAB);
    expect(invalid.ok ? null : invalid.error.code).toBe('invalid_message');
  });
});
