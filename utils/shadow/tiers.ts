import { loadShadowSettings } from './settings';
import { tier1 } from './tier1';
import type { ShadowTierEngine } from './types';

/**
 * The tiers that propose, in the background: tier 1 unless the user turned it off in options, then the model
 * tiers (2: the user's own model, 3: the browser's), which decide from settings themselves whether they run.
 */
export async function enabledTiers(models: readonly ShadowTierEngine[] = []): Promise<ShadowTierEngine[]> {
  const { tier1: on } = await loadShadowSettings();
  return [...(on ? [tier1] : []), ...models];
}
