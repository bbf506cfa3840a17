import type { FeedbackEvent } from '../schema';

/**
 * The effective state of one trace's feedback: every event that no other event supersedes, minus tombstones.
 * An event named by a later one's `supersedes` is replaced by it, so a chain A ← B ← C leaves C; a retraction
 * withdraws the event it names and is itself not a state. Input order (createdAt) is kept.
 */
export function latestState(history: readonly FeedbackEvent[]): FeedbackEvent[] {
  const superseded = new Set<string>();
  for (const event of history) if (event.supersedes) superseded.add(event.supersedes);
  return history.filter((event) => event.kind !== 'retraction' && !superseded.has(event.id));
}
