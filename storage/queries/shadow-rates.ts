import { PROPOSAL_KINDS, type ProposalKind, SHADOW_TIERS, type ShadowTier } from '../../utils/shadow/types';
import type { Aggregate, StagebackDB } from '../db';

const FROM = 'all|shadow=';

/** How the user answered one kind of proposal from one tier. */
export interface ShadowRate {
  tier: ShadowTier;
  kind: ProposalKind;
  proposed: number;
  confirmed: number;
  rejected: number;
}

/** The counters (`all|shadow=<tier>/<kind>/<origin>`, storage/aggregates.ts) as one row per tier and kind. */
export function ratesFromRows(rows: readonly Aggregate[]): ShadowRate[] {
  const rates = new Map<string, ShadowRate>();
  for (const row of rows) {
    const [tierText, kind, origin] = row.key.slice(FROM.length).split('/');
    const tier = Number(tierText) as ShadowTier;
    if (!SHADOW_TIERS.includes(tier) || !(PROPOSAL_KINDS as readonly string[]).includes(kind ?? '')) continue;
    const key = `${tier}/${kind}`;
    const rate = rates.get(key) ?? { tier, kind: kind as ProposalKind, proposed: 0, confirmed: 0, rejected: 0 };
    if (origin === 'shadow') rate.proposed += row.count;
    else if (origin === 'shadow_confirmed') rate.confirmed += row.count;
    else if (origin === 'shadow_rejected') rate.rejected += row.count;
    rates.set(key, rate);
  }
  return [...rates.values()].sort(
    (a, b) => a.tier - b.tier || PROPOSAL_KINDS.indexOf(a.kind) - PROPOSAL_KINDS.indexOf(b.kind),
  );
}

/** Reads only the shadow counters, never the events. */
export async function readShadowRates(db: StagebackDB): Promise<ShadowRate[]> {
  return ratesFromRows(await db.aggregates.where('key').between(FROM, `${FROM}\uffff`).toArray());
}
