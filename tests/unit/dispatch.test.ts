import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { StagebackDB } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { type BackgroundDeps, dispatch, storageError } from '../../utils/background/dispatch';
import { createPendingRefinements } from '../../utils/background/pending-refinements';
import { createQueryHistory } from '../../utils/background/query-history';
import { createTabTraces } from '../../utils/background/tab-traces';
import { uuidv7 } from '../../utils/uuidv7';
import { thumbs, traceDraft } from '../support/factories';

let deps: BackgroundDeps;
beforeEach(async () => {
  const db = new StagebackDB(`dispatch-${uuidv7()}`);
  deps = {
    db,
    writer: createEventWriter(db),
    queries: createQueryHistory(),
    tabTraces: createTabTraces(),
    injectOverlay: async () => {},
  };
});
afterEach(async () => {
  deps.db.close();
  await Dexie.delete(deps.db.name);
});

describe('background message boundary', () => {
  it('captures a trace and records its events', async () => {
    const draft = traceDraft();
    const captured = await dispatch('captureTrace', draft, deps);
    expect(captured).toEqual({ ok: true, data: { traceId: draft.id, created: true } });
    const recorded = await dispatch('recordEvents', [thumbs(draft.id)], deps);
    expect(recorded).toEqual({ ok: true, data: { stored: 1, duplicates: 0, rejected: [] } });
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an empty batch', []],
    ['an event with a bad stage', [{ ...thumbs(uuidv7()), stage: 'ranking' }]],
    ['an event with extra HTML in an id', [{ ...thumbs(uuidv7()), id: '<img src=x onerror=alert(1)>' }]],
  ])('answers %s with a typed error and stores nothing', async (_name, data) => {
    const reply = await dispatch('recordEvents', data, deps);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('invalid_message');
      expect(reply.error.issues?.length).toBeGreaterThan(0);
    }
    expect(await deps.db.events.count()).toBe(0);
  });

  it('rejects a whole batch when one event is invalid', async () => {
    const draft = traceDraft();
    await dispatch('captureTrace', draft, deps);
    const reply = await dispatch('recordEvents', [thumbs(draft.id), { ...thumbs(draft.id), origin: 'robot' }], deps);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.issues?.[0]?.path).toBe('1.origin');
    expect(await deps.db.events.count()).toBe(0);
  });

  it('reports a full disk as quota_exceeded', () => {
    const quota = Object.assign(new Error('QuotaExceededError'), {
      name: 'AbortError',
      inner: { name: 'QuotaExceededError' },
    });
    expect(storageError(quota).code).toBe('quota_exceeded');
    expect(storageError(new Error('boom')).code).toBe('storage_failed');
  });
});

describe('query history (reformulation signals)', () => {
  it('returns the tab’s previous question within two minutes, and not after', async () => {
    let now = 0;
    const queries = createQueryHistory(() => now);
    const a = { traceId: uuidv7(), query: 'how much sleep', pageUrl: 'https://www.google.com/search?q=a' };
    const b = { traceId: uuidv7(), query: 'how much sleep adults', pageUrl: 'https://www.google.com/search?q=b' };
    expect(await queries.note(7, a)).toBeNull();
    now = 60_000;
    expect(await queries.note(7, b)).toMatchObject({ traceId: a.traceId, at: 0 });
    expect(await queries.note(8, a)).toBeNull(); // another tab
    now = 60_000 + 121_000;
    expect(await queries.note(7, a)).toBeNull();
  });

  it('validates noteQuery like every other message', async () => {
    const reply = await dispatch('noteQuery', { traceId: 'x', query: 1 }, deps, { tabId: 1 });
    expect(reply.ok).toBe(false);
  });
});

describe('diagnostics', () => {
  it('keeps the newest 50 adapter failures', async () => {
    const { diagnosticsItem, MAX_DIAGNOSTICS } = await import('../../utils/diagnostics');
    for (let i = 0; i < MAX_DIAGNOSTICS + 5; i++) {
      const reply = await dispatch(
        'reportDiagnostic',
        {
          siteId: 'bing',
          adapterVersion: '1',
          pageUrl: 'https://www.bing.com/search?q=x',
          message: `failure ${i}`,
          at: new Date().toISOString(),
        },
        deps,
      );
      expect(reply.ok).toBe(true);
    }
    const kept = await diagnosticsItem.getValue();
    expect(kept).toHaveLength(MAX_DIAGNOSTICS);
    expect(kept[0]?.message).toBe(`failure ${MAX_DIAGNOSTICS + 4}`);
  });
});

describe('settings for content scripts', () => {
  it('answers with the stored settings, and with the defaults when what is stored is corrupt', async () => {
    const { DEFAULT_SETTINGS, settingsItem } = await import('../../utils/settings');
    const paused = { ...DEFAULT_SETTINGS, paused: true, sites: { bing: { enabled: false, passiveSignals: true } } };
    await settingsItem.setValue(paused);
    expect(await dispatch('getSettings', undefined, deps)).toEqual({ ok: true, data: paused });

    await settingsItem.setValue({ paused: 'yes' } as never);
    expect(await dispatch('getSettings', undefined, deps)).toEqual({ ok: true, data: DEFAULT_SETTINGS });
    expect((await dispatch('getSettings', { sneaky: 1 }, deps)).ok).toBe(false);
  });
});

describe('sync control messages', () => {
  const control = () => {
    const calls: string[] = [];
    return {
      calls,
      sync: {
        run: async (force: boolean) => {
          calls.push(`run:${force}`);
          return { sent: 0, dead: 0, retried: 0, stopped: null };
        },
        status: async () => {
          throw new Error('not used');
        },
        queueExisting: async () => 0,
        nudge: () => void calls.push('nudge'),
      },
    };
  };

  it('are refused from content scripts (sender not an extension page) and taken from extension pages', async () => {
    const { calls, sync } = control();
    deps.sync = sync;
    for (const [type, data] of [
      ['syncNow', undefined],
      ['getSyncStatus', undefined],
      ['approveHeld', 'all'],
      ['skipHeld', 'all'],
      ['queueExisting', undefined],
    ] as const) {
      const reply = await dispatch(type, data, deps, { tabId: 3, frameId: 0 });
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
    expect(calls).toEqual([]);
    expect(await dispatch('syncNow', undefined, deps, { fromExtensionPage: true })).toMatchObject({ ok: true });
    expect(calls).toEqual(['run:true']);
    expect(await dispatch('approveHeld', ['not-a-uuid'], deps, { fromExtensionPage: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
  });
});

describe('getTraceFeedback (finding 10)', () => {
  const GOOGLE = 'https://www.google.com';
  it('answers a content script only about traces its own tab captured on its origin; extension pages about any', async () => {
    const mine = traceDraft();
    const other = traceDraft({ query: 'another tab' });
    const tab3 = { tabId: 3, frameId: 0, origin: GOOGLE };
    expect(await dispatch('captureTrace', mine, deps, tab3)).toMatchObject({ ok: true });
    expect(await dispatch('captureTrace', other, deps, { tabId: 4, frameId: 0, origin: GOOGLE })).toMatchObject({
      ok: true,
    });
    await dispatch('recordEvents', [thumbs(mine.id)], deps, tab3);
    await dispatch('recordEvents', [thumbs(other.id)], deps, { tabId: 4, origin: GOOGLE });

    const own = await dispatch('getTraceFeedback', mine.id, deps, tab3);
    expect(own.ok && own.data).toHaveLength(1);
    for (const sender of [tab3, { ...tab3, frameId: 2 }, { tabId: 3 }, {}]) {
      expect(await dispatch('getTraceFeedback', other.id, deps, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    }
    const fromPage = await dispatch('getTraceFeedback', other.id, deps, { fromExtensionPage: true });
    expect(fromPage.ok && fromPage.data).toHaveLength(1);

    // The same answer captured again in tab 3 (an existing trace, matched by content) is tab 3's too.
    const again = await dispatch('captureTrace', { ...other, id: uuidv7() }, deps, tab3);
    expect(again).toMatchObject({ ok: true, data: { traceId: other.id, created: false } });
    expect((await dispatch('getTraceFeedback', other.id, deps, tab3)).ok).toBe(true);

    // The same tab on another site: what it captured on Google is not that site's to read.
    expect(
      await dispatch('getTraceFeedback', mine.id, deps, { ...tab3, origin: 'https://www.perplexity.ai' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });

    deps.tabTraces.forget(3); // the tab closed
    expect(await dispatch('getTraceFeedback', mine.id, deps, tab3)).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });
});

describe('openRefinement and getRefinementBasis', () => {
  const GOOGLE = 'https://www.google.com';
  const tab3 = { tabId: 3, frameId: 0, origin: GOOGLE };

  function withTabs(area?: Parameters<typeof createPendingRefinements>[0]) {
    const opened: { url: string; opener: number }[] = [];
    deps.refinements = createPendingRefinements(area);
    deps.openTab = async (url, opener) => {
      opened.push({ url, opener });
      return 9;
    };
    return opened;
  }

  it('records the refinement, opens its address next to the tab, and links the new tab’s first new answer', async () => {
    const opened = withTabs();
    const original = traceDraft();
    await dispatch('captureTrace', original, deps, tab3);
    const given = thumbs(original.id);
    await dispatch('recordEvents', [given], deps, tab3);

    const reply = await dispatch(
      'openRefinement',
      { traceId: original.id, query: 'how much sleep "shift workers"', feedbackEventIds: [given.id] },
      deps,
      tab3,
    );
    if (!reply.ok) throw new Error(reply.error.message);
    const url = 'https://www.google.com/search?q=how+much+sleep+%22shift+workers%22';
    expect(reply.data.url).toBe(url);
    expect(opened).toEqual([{ url, opener: 3 }]);
    expect(await deps.db.events.get(reply.data.refinementId)).toMatchObject({
      traceId: original.id,
      kind: 'refinement',
      value: { engine: 'google', url, feedbackEventIds: [given.id] },
    });

    // The new tab (9): a "People also ask" answer is not the refined one; the first Overview is, once.
    const tab9 = { tabId: 9, frameId: 0, origin: GOOGLE };
    const paa = traceDraft({ siteId: 'google-paa', query: 'is 6 hours enough' });
    expect(await dispatch('captureTrace', paa, deps, tab9)).toEqual({
      ok: true,
      data: { traceId: paa.id, created: true },
    });
    const refined = traceDraft({ query: 'how much sleep "shift workers"' });
    const link = { traceId: original.id, refinementId: reply.data.refinementId };
    expect(await dispatch('captureTrace', refined, deps, tab9)).toEqual({
      ok: true,
      data: { traceId: refined.id, created: true, refinedFrom: link },
    });
    const later = traceDraft({ query: 'a later search in that tab' });
    expect(await dispatch('captureTrace', later, deps, tab9)).toEqual({
      ok: true,
      data: { traceId: later.id, created: true },
    });

    const basis = await dispatch('getRefinementBasis', refined.id, deps, tab9);
    if (!basis.ok || !basis.data) throw new Error('a basis');
    expect(basis.data.original.id).toBe(original.id);
    expect(basis.data.refinement.id).toBe(reply.data.refinementId);
    // The original answer's feedback as it stands (the refinement event among it).
    expect(basis.data.feedback.map((e) => e.id).sort()).toEqual([given.id, reply.data.refinementId].sort());
    // An answer that refines nothing has no basis.
    expect(await dispatch('getRefinementBasis', later.id, deps, tab9)).toEqual({ ok: true, data: null });
  });

  /** The original answer with feedback in tab 3, refined into tab 9. */
  async function refineIntoTab9() {
    const original = traceDraft();
    await dispatch('captureTrace', original, deps, tab3);
    const given = thumbs(original.id);
    await dispatch('recordEvents', [given], deps, tab3);
    const reply = await dispatch(
      'openRefinement',
      { traceId: original.id, query: 'how much sleep naps', feedbackEventIds: [given.id] },
      deps,
      tab3,
    );
    if (!reply.ok) throw new Error(reply.error.message);
    return { original, link: { traceId: original.id, refinementId: reply.data.refinementId } };
  }
  const tab9 = { tabId: 9, frameId: 0, origin: GOOGLE };

  it('the same answer given back in the new tab is not linked to itself; the reply says it came back unchanged', async () => {
    withTabs();
    const { original, link } = await refineIntoTab9();
    // An answer the store already held that is not the original (an earlier answer of a thread) leaves it waiting.
    const earlier = traceDraft({ query: 'seen before' });
    await dispatch('captureTrace', earlier, deps, tab3);
    expect(await dispatch('captureTrace', { ...earlier, id: uuidv7() }, deps, tab9)).toEqual({
      ok: true,
      data: { traceId: earlier.id, created: false },
    });
    // The original's content again, under the new tab's own draft id: the stored original, unchanged, once.
    expect(await dispatch('captureTrace', { ...original, id: uuidv7() }, deps, tab9)).toEqual({
      ok: true,
      data: { traceId: original.id, created: false, refinedUnchanged: link },
    });
    expect(await dispatch('captureTrace', { ...original, id: uuidv7() }, deps, tab9)).toEqual({
      ok: true,
      data: { traceId: original.id, created: false },
    });
    expect((await deps.db.traces.get(original.id))?.refinedFrom).toBeUndefined();
    expect(await dispatch('getRefinementBasis', original.id, deps, tab9)).toEqual({ ok: true, data: null });
    // The tab may read the answer's feedback (for the comparison): it captured it.
    const feedback = await dispatch('getTraceFeedback', original.id, deps, tab9);
    expect(feedback.ok && feedback.data.map((e) => e.kind).sort()).toEqual(['rating', 'refinement']);
  });

  it('a service-worker restart between opening the tab and reading its answer keeps the link (session storage)', async () => {
    withTabs(fakeBrowser.storage.session);
    const { link } = await refineIntoTab9();
    // The background starts again: nothing in memory, the same session storage.
    deps.refinements = createPendingRefinements(fakeBrowser.storage.session);
    const refined = traceDraft({ query: 'how much sleep naps' });
    expect(await dispatch('captureTrace', refined, deps, tab9)).toEqual({
      ok: true,
      data: { traceId: refined.id, created: true, refinedFrom: link },
    });
    // Taken once, and the storage says so too.
    const again = createPendingRefinements(fakeBrowser.storage.session);
    expect(await again.take(9, { siteId: 'google-ai-overview', traceId: uuidv7(), created: true })).toBeUndefined();
    expect(await fakeBrowser.storage.session.get('pendingRefinements')).toEqual({ pendingRefinements: {} });
  });

  it('a tab closed before its answer came forgets the refinement, across a restart too', async () => {
    withTabs(fakeBrowser.storage.session);
    await refineIntoTab9();
    await deps.refinements?.forget(9);
    const restarted = createPendingRefinements(fakeBrowser.storage.session);
    expect(await restarted.take(9, { siteId: 'google-ai-overview', traceId: uuidv7(), created: true })).toBeUndefined();
  });

  it('an entry in session storage that does not parse is dropped, not trusted', async () => {
    await fakeBrowser.storage.session.set({
      pendingRefinements: {
        9: { originalTraceId: '<img onerror=x>', refinementId: uuidv7(), engine: 'google' },
        10: { originalTraceId: uuidv7(), refinementId: uuidv7(), engine: 'yahoo' },
      },
    });
    const pending = createPendingRefinements(fakeBrowser.storage.session);
    for (const tab of [9, 10])
      expect(
        await pending.take(tab, { siteId: 'google-ai-overview', traceId: uuidv7(), created: true }),
      ).toBeUndefined();
  });

  it('refuses traces the sender’s tab did not capture on its origin, and records nothing', async () => {
    const opened = withTabs();
    const other = traceDraft({ query: 'captured in tab 4' });
    await dispatch('captureTrace', other, deps, { tabId: 4, frameId: 0, origin: GOOGLE });
    const ask = { traceId: other.id, query: 'how much sleep naps', feedbackEventIds: [] };
    for (const sender of [tab3, { ...tab3, origin: 'https://www.perplexity.ai' }, { tabId: 4 }, {}]) {
      expect(await dispatch('openRefinement', ask, deps, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender', message: 'a content script may only refine answers its tab captured' },
      });
      expect(await dispatch('getRefinementBasis', other.id, deps, sender)).toMatchObject({
        ok: false,
        error: { code: 'forbidden_sender' },
      });
    }
    // Tab 4 on another site may not either.
    expect(
      await dispatch('openRefinement', ask, deps, { tabId: 4, frameId: 0, origin: 'https://www.bing.com' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(opened).toEqual([]);
    expect(await deps.db.events.count()).toBe(0);
  });

  it('refuses a site that cannot be searched again, and a malformed request', async () => {
    const opened = withTabs();
    const elsewhere = traceDraft({ siteId: 'any-site', query: 'no engine' });
    await dispatch('captureTrace', elsewhere, deps, tab3);
    expect(
      await dispatch('openRefinement', { traceId: elsewhere.id, query: 'x', feedbackEventIds: [] }, deps, tab3),
    ).toMatchObject({ ok: false, error: { message: 'this answer cannot be searched again from here' } });
    expect(await dispatch('openRefinement', { traceId: elsewhere.id }, deps, tab3)).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(opened).toEqual([]);
    expect(await deps.db.events.count()).toBe(0);
  });
});
