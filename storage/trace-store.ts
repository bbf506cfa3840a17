import type { StagebackDB } from './db';
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
export async function upsertTrace(db: StagebackDB, draft: TraceDraft): Promise<{ traceId: string; created: boolean }> {
  const hash = await contentHash(draft);
  return db.transaction('rw', db.traces, async () => {
    const byHash = await db.traces.where('contentHash').equals(hash).first();
    if (byHash) return { traceId: byHash.id, created: false };
    const existing = await db.traces.get(draft.id);
    const trace: Trace = { ...draft, contentHash: hash };
    if (existing?.firstFeedbackAt) trace.firstFeedbackAt = existing.firstFeedbackAt;
    await db.traces.put(trace);
    return { traceId: draft.id, created: !existing };
  });
}
