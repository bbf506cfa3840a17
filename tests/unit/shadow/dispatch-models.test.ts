import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { createEventWriter } from '../../../storage/event-writer';
import { type BackgroundDeps, dispatch } from '../../../utils/background/dispatch';
import { createQueryHistory } from '../../../utils/background/query-history';
import { setUpShadowModels } from '../../../utils/background/setup-shadow-models';
import { createTabTraces } from '../../../utils/background/tab-traces';
import { DEFAULT_SHADOW_SETTINGS, shadowSettingsItem } from '../../../utils/shadow/settings';
import { uuidv7 } from '../../../utils/uuidv7';
import { traceDraft } from '../../support/factories';

let deps: BackgroundDeps;
beforeEach(async () => {
  const db = new StagebackDB(`models-${uuidv7()}`);
  deps = {
    db,
    writer: createEventWriter(db),
    queries: createQueryHistory(),
    tabTraces: createTabTraces(),
    injectOverlay: async () => {},
    shadowModels: setUpShadowModels(db),
  };
});
afterEach(async () => {
  deps.db.close();
  await Dexie.delete(deps.db.name);
});

const PAGE = { tabId: 7, origin: 'https://www.google.com' };

describe('the model tiers behind the message boundary', () => {
  it('a content script may ask only about answers its own tab captured; Test connection only from extension pages', async () => {
    const draft = traceDraft();
    await dispatch('captureTrace', draft, deps, PAGE);
    const other = traceDraft({ query: 'another question' });
    await dispatch('captureTrace', other, deps, { tabId: 8, origin: PAGE.origin });

    expect(await dispatch('proposeWithModels', draft.id, deps, PAGE)).toEqual({ ok: true, data: [] });
    expect(await dispatch('proposeWithModels', other.id, deps, PAGE)).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
    expect(await dispatch('proposeWithModels', 'not-an-id', deps, PAGE)).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
    expect(await dispatch('testShadowModel', undefined, deps, PAGE)).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });

  it('with both model tiers on but nothing set up, each says so quietly and nothing is proposed', async () => {
    const draft = traceDraft();
    await dispatch('captureTrace', draft, deps, PAGE);
    await shadowSettingsItem.setValue({ ...DEFAULT_SHADOW_SETTINGS, tier2: true, tier3: true });
    const reply = await dispatch('proposeWithModels', draft.id, deps, PAGE);
    expect(reply).toEqual({
      ok: true,
      data: [
        { proposals: [], status: expect.objectContaining({ tier: 2, state: 'failed', code: 'not_set_up' }) },
        { proposals: [], status: expect.objectContaining({ tier: 3, state: 'failed', code: 'no_api' }) },
      ],
    });
  });
});

describe('the model tiers on the shared proposal path', () => {
  it('propose from tier 1’s profile view only when on, and keep how each run went for the strip', async () => {
    const draft = traceDraft();
    await dispatch('captureTrace', draft, deps, PAGE);
    const trace = await deps.db.traces.get(draft.id);
    const view = { now: Date.now(), queries: 0, termQueries: {}, domains: {}, kinds: [], stages: [], aspects: [] };
    const engines = deps.shadowModels?.engines ?? [];
    expect(engines.map((e) => e.tier)).toEqual([2, 3]);
    for (const e of engines) expect(await e.proposeFor(trace!, view)).toEqual([]);
    expect(await dispatch('getShadowModelStatus', draft.id, deps, PAGE)).toEqual({ ok: true, data: [] });

    await shadowSettingsItem.setValue({ ...DEFAULT_SHADOW_SETTINGS, tier2: true });
    for (const e of engines) expect(await e.proposeFor(trace!, view)).toEqual([]);
    expect(await dispatch('getShadowModelStatus', draft.id, deps, PAGE)).toMatchObject({
      ok: true,
      data: [{ tier: 2, state: 'failed', code: 'not_set_up', short: 'Your model is not set up.' }],
    });
    expect(await dispatch('getShadowModelStatus', draft.id, deps, { tabId: 9, origin: PAGE.origin })).toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });
});
