import type { StagebackDB } from './db';
import { noteReading } from './reading-health';
import type { Trace, TraceDraft } from './schema';

export async function contentHash(draft: Pick<TraceDraft, 'siteId' | 'query' | 'answer'>): Promise<string> {
  const text = JSON.stringify([draft.siteId, draft.query.trim(), draft.answer.text]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Store a captured answer. The same id updates in place (an answer that kept
 * streaming); a different id with the same content is the same answer captured
 * twice, and the stored trace's id is returned instead.
 */
export async function upsertTrace(
  db: StagebackDB,
  draft: TraceDraft,
): Promise<{ traceId: string; created: boolean; refinedFrom?: Trace['refinedFrom'] }> {
  const hash = await contentHash(draft);
  return db.transaction('rw', db.traces, db.readingHealth, async () => {
    const byHash = await db.traces.where('contentHash').equals(hash).first();
    // The same answer read again counts once, under its stored id, as it was read this time.
    await noteReading(db.readingHealth, { ...draft, id: byHash?.id ?? draft.id, contentHash: hash });
    if (byHash)
      return { traceId: byHash.id, created: false, ...(byHash.refinedFrom ? { refinedFrom: byHash.refinedFrom } : {}) };
    const existing = await db.traces.get(draft.id);
    const trace: Trace = { ...draft, contentHash: hash };
    if (existing?.firstFeedbackAt) trace.firstFeedbackAt = existing.firstFeedbackAt;
    // A draft never carries the link (only the background sets it): a streaming update keeps it.
    if (existing?.refinedFrom) trace.refinedFrom = existing.refinedFrom;
    await db.traces.put(trace);
    return { traceId: draft.id, created: !existing, ...(trace.refinedFrom ? { refinedFrom: trace.refinedFrom } : {}) };
  });
}

/** Marks `traceId` as the refined answer of `link.traceId`; false when the trace is gone or already linked. */
export async function linkRefinedTrace(db: StagebackDB, traceId: string, link: NonNullable<Trace['refinedFrom']>) {
  return db.transaction('rw', db.traces, async () => {
    const trace = await db.traces.get(traceId);
    if (!trace || trace.refinedFrom || trace.id === link.traceId) return false;
    await db.traces.update(traceId, { refinedFrom: link });
    return true;
  });
}

/** The answers read in tabs that "Refine" opened from `traceId`, oldest first. */
export async function refinedAnswersOf(db: StagebackDB, traceId: string): Promise<Trace[]> {
  const found = await db.traces.where('refinedFrom.traceId').equals(traceId).toArray();
  return found.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
}
