import { browser } from 'wxt/browser';
import type { StagebackDB } from '../../storage/db';
import { browserLanguageModel } from '../shadow/browser-model/language-model-api';
import { runBrowserModelTier } from '../shadow/browser-model/tier3';
import { readLearnedFromLog } from '../shadow/learned-from-log';
import { describeLearned, MODEL_NOTE_PHRASES, profileNote } from '../shadow/learned-words';
import { type ModelTestResult, runModelTier, testModelConnection } from '../shadow/llm/tier2';
import { createModelTierEngines } from '../shadow/model-tier-engines';
import { loadShadowSettings } from '../shadow/settings';
import type { TierRun, TierStatus } from '../shadow/tier-status';
import type { ShadowTierEngine } from '../shadow/types';

/** What the background offers for the model tiers (2: the user's own model, 3: the browser's). */
export interface ShadowModelControl {
  /** Runs the model tiers that are on for one stored answer. */
  propose(traceId: string): Promise<TierRun[]>;
  test(): Promise<ModelTestResult>;
  /**
   * Tiers 2 and 3 for the shared proposal path (`enabledTiers` in utils/shadow/tiers.ts once tier 1 is merged):
   * they propose from tier 1's profile view and record how each run went.
   */
  engines: ShadowTierEngine[];
  /** How the model tiers' last run on this answer went, for the strip's quiet line. */
  statusOf(traceId: string): TierStatus[];
}

/** The note on the user is read from the log at most this often (it changes slowly). */
const NOTE_TTL_MS = 10 * 60_000;

export function setUpShadowModels(db: StagebackDB): ShadowModelControl {
  const deps = {
    db,
    extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
    hasPermission: (pattern: string) => browser.permissions.contains({ origins: [pattern] }),
  };
  const tiers = createModelTierEngines(deps);
  let note: { text: string; at: number; since: string | null } | null = null;
  const readNote = async () => {
    const { learnSince } = await loadShadowSettings();
    if (note && note.since === learnSince && Date.now() - note.at < NOTE_TTL_MS) return note.text;
    const learned = await readLearnedFromLog(db, learnSince);
    note = {
      text: profileNote(describeLearned(learned.domains, learned.aspects, undefined, MODEL_NOTE_PHRASES)),
      at: Date.now(),
      since: learnSince,
    };
    return note.text;
  };
  return {
    async propose(traceId) {
      const trace = await db.traces.get(traceId);
      if (!trace) throw new Error('no such answer');
      const settings = await loadShadowSettings();
      const runs: Promise<TierRun>[] = [];
      if (settings.tier2) runs.push(readNote().then((profile) => runModelTier(trace, profile, deps)));
      if (settings.tier3)
        runs.push(readNote().then((profile) => runBrowserModelTier(trace, profile, browserLanguageModel())));
      const done = await Promise.all(runs);
      for (const run of done) tiers.record(traceId, run.status);
      return done;
    },
    test: () => testModelConnection(deps),
    engines: tiers.engines,
    statusOf: tiers.statusOf,
  };
}
