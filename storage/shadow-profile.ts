import { applyToProfile, type ProfileInput, type ProfileRow, profileKeysFor } from '../utils/shadow/profile';
import type { StagebackDB } from './db';
import type { FeedbackEvent, Trace } from './schema';

/**
 * Folds newly stored events into the shadow agent's profile; call inside the writing transaction (with
 * `db.shadowProfile` in its scope). Reads and writes only the rows these events touch.
 */
export async function addToShadowProfile(db: StagebackDB, input: ProfileInput): Promise<void> {
  const keys = profileKeysFor(input);
  if (keys.length === 0) return;
  const current = await db.shadowProfile.bulkGet(keys);
  const rows = new Map(current.filter((r): r is ProfileRow => r !== undefined).map((r) => [r.key, r]));
  await db.shadowProfile.bulkPut(applyToProfile(rows, input));
}

/** The whole profile from stored traces and events (`events` in time order): schema upgrade, reset, repair. */
export function rebuildShadowProfile(traces: readonly Trace[], events: readonly FeedbackEvent[]): ProfileRow[] {
  const byId = new Map(traces.map((t) => [t.id, t]));
  const rows = new Map<string, ProfileRow>();
  applyToProfile(rows, { events, traceOf: (id) => byId.get(id) });
  return [...rows.values()];
}
