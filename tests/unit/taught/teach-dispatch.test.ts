import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { StagebackDB } from '../../../storage/db';
import { createEventWriter } from '../../../storage/event-writer';
import { type BackgroundDeps, dispatch } from '../../../utils/background/dispatch';
import { createQueryHistory } from '../../../utils/background/query-history';
import { createTabTraces } from '../../../utils/background/tab-traces';
import { loadRules } from '../../../utils/taught/rule-store';
import { uuidv7 } from '../../../utils/uuidv7';

const DRAFT = { pathPrefix: '/search', answer: ['div[data-panel="generated-answer"]'], sources: [] };
const PAGE = { tabId: 7, frameId: 0, origin: 'https://askwell.example' };

let deps: BackgroundDeps;
let injected: [number, number][];
beforeEach(() => {
  const db = new StagebackDB(`taught-${uuidv7()}`);
  injected = [];
  deps = {
    db,
    writer: createEventWriter(db),
    queries: createQueryHistory(),
    tabTraces: createTabTraces(),
    injectOverlay: async (tabId, frameId) => void injected.push([tabId, frameId]),
  };
  browser.permissions.contains = vi.fn(async () => true) as typeof browser.permissions.contains;
});
afterEach(async () => {
  deps.db.close();
  await Dexie.delete(deps.db.name);
});

describe('teaching at the background boundary', () => {
  it("stores the picker's rule for the sender's origin (never one the message names) and runs the overlay there", async () => {
    const reply = await dispatch('teachRule', { ...DRAFT, origin: 'https://bank.example' }, deps, PAGE);
    expect(reply).toMatchObject({ ok: true, data: { showsFromNowOn: true } });
    const [rule, ...more] = await loadRules();
    expect(more).toEqual([]);
    expect(rule).toMatchObject({ origin: 'https://askwell.example', name: 'askwell.example', from: { kind: 'user' } });
    expect(injected).toEqual([[7, 0]]);

    expect(await dispatch('getTaughtRules', undefined, deps, PAGE)).toMatchObject({ ok: true, data: [rule] });
    const elsewhere = { ...PAGE, origin: 'https://other.example' };
    expect(await dispatch('getTaughtRules', undefined, deps, elsewhere)).toEqual({ ok: true, data: [] });
  });

  it('refuses a rule from an insecure page, from an extension page, or with a selector that is not one', async () => {
    const insecure = await dispatch('teachRule', DRAFT, deps, { ...PAGE, origin: 'http://askwell.example' });
    expect(insecure).toMatchObject({ ok: false, error: { message: /secure \(https\)/ } });
    const fromPage = await dispatch('teachRule', DRAFT, deps, { fromExtensionPage: true });
    expect(fromPage.ok).toBe(false);
    const css = await dispatch('teachRule', { ...DRAFT, answer: ['main { display: none }'] }, deps, PAGE);
    expect(css).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(await loadRules()).toEqual([]);
    expect(injected).toEqual([]);
  });
});
