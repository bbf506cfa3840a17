import type { FeedbackEvent } from '../../storage/schema';
import { proposalKindOf, tierOfAgent } from './kinds';

/** `shadow=<tier>/<kind>/<origin>`: the counter of proposals, confirmations and rejections (storage/aggregates.ts). */
export function shadowCounterName(event: FeedbackEvent): string | null {
  if (!event.agent) return null;
  const tier = tierOfAgent(event.agent.name);
  const kind = tier === null ? null : proposalKindOf(event);
  return tier === null || kind === null ? null : `shadow=${tier}/${kind}/${event.origin}`;
}
