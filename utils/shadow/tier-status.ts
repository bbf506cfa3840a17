import type { Proposal, ShadowTier } from './types';

/** How a tier's last run went, for a quiet line on the strip and a clear one in options. */
export interface TierStatus {
  tier: ShadowTier;
  state: 'off' | 'ok' | 'failed';
  /** One quiet line for the strip ('' when there is nothing to say). */
  short: string;
  /** What happened and what to do, for options. */
  message: string;
  /** Which failure, when it failed (tier 2's `ModelFailureCode`s, tier 3's own). */
  code?: string;
}

export interface TierRun {
  proposals: Proposal[];
  status: TierStatus;
}
