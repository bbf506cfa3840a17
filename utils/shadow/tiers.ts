import { tier1 } from './tier1';
import type { ShadowTierEngine } from './types';

/**
 * The tiers that propose, in the background. Tier 1 always runs; tiers 2 and 3 join here when the user turns
 * them on (their own modules decide, from settings, whether they run).
 */
export async function enabledTiers(): Promise<ShadowTierEngine[]> {
  return [tier1];
}
