import { browserLanguageModel, type LanguageModelApi } from './browser-model/language-model-api';
import { runBrowserModelTier } from './browser-model/tier3';
import { describeLearned, MODEL_NOTE_PHRASES, profileNote } from './learned-words';
import { type ModelTierDeps, runModelTier } from './llm/tier2';
import { loadShadowSettings } from './settings';
import type { TierRun, TierStatus } from './tier-status';
import type { ShadowProfileView, ShadowTierEngine } from './types';

/** Statuses are kept for this many answers (the latest), for the strip's quiet line. */
const KEEP = 50;

/** The note on the user sent to a model, from tier 1's profile rows for this answer. */
export function noteFromProfile(view: ShadowProfileView): string {
  return profileNote(describeLearned(Object.values(view.domains), view.aspects, undefined, MODEL_NOTE_PHRASES));
}

export interface ModelTierEngines {
  /** Tiers 2 and 3 as the shared proposal path runs them (each proposes nothing when off). */
  engines: ShadowTierEngine[];
  /** How each model tier's last run on this answer went. */
  statusOf(traceId: string): TierStatus[];
  record(traceId: string, status: TierStatus): void;
}

/**
 * Tiers 2 and 3 in the shape tier 1 has (`ShadowTierEngine`), so their proposals take the same path: ranked
 * with tier 1's, capped, stored as `shadow` events. A failure proposes nothing and leaves a status, never throws.
 */
export function createModelTierEngines(
  deps: ModelTierDeps,
  api: () => LanguageModelApi | undefined = browserLanguageModel,
): ModelTierEngines {
  const statuses = new Map<string, TierStatus[]>();
  const record = (traceId: string, status: TierStatus) => {
    const list = (statuses.get(traceId) ?? []).filter((s) => s.tier !== status.tier);
    statuses.delete(traceId);
    statuses.set(traceId, [...list, status]);
    while (statuses.size > KEEP) statuses.delete(statuses.keys().next().value as string);
  };
  const engine = (tier: 2 | 3, run: (...a: Parameters<ShadowTierEngine['proposeFor']>) => Promise<TierRun>) =>
    ({
      tier,
      async proposeFor(trace, view) {
        const on = await loadShadowSettings();
        if (!(tier === 2 ? on.tier2 : on.tier3)) return [];
        const result = await run(trace, view);
        record(trace.id, result.status);
        return result.proposals;
      },
    }) satisfies ShadowTierEngine;
  return {
    engines: [
      engine(2, (trace, view) => runModelTier(trace, noteFromProfile(view), deps)),
      engine(3, (trace, view) => runBrowserModelTier(trace, noteFromProfile(view), api())),
    ],
    statusOf: (traceId) => statuses.get(traceId) ?? [],
    record,
  };
}
