import Dexie from 'dexie';
import type { StagebackDB } from '../db';
import type { FeedbackEvent } from '../schema';

/**
 * What the user currently says about one answer: events neither superseded nor
 * withdrawn, without passive signals and without an agent's proposals they have not
 * confirmed (open or rejected). Oldest first.
 */
export async function readEffectiveFeedback(db: StagebackDB, traceId: string): Promise<FeedbackEvent[]> {
  const events = await db.events
    .where('[traceId+createdAt]')
    .between([traceId, Dexie.minKey], [traceId, Dexie.maxKey])
    .toArray();
  const replaced = new Set(events.map((e) => e.supersedes).filter((id) => id !== undefined));
  return events.filter(
    (e) =>
      !replaced.has(e.id) &&
      e.kind !== 'retraction' &&
      e.origin !== 'implicit' &&
      e.origin !== 'shadow' &&
      e.origin !== 'shadow_rejected',
  );
}
