import { z } from 'zod';
import { IdSchema } from '../../storage/schema/common';
import { engineOf, REFINE_ENGINES } from '../refine/engines';

const PendingSchema = z.object({
  originalTraceId: IdSchema,
  refinementId: IdSchema,
  engine: z.enum(REFINE_ENGINES),
});
export type PendingRefinement = z.infer<typeof PendingSchema>;

/** The part of `browser.storage.session` kept here (it outlives a service-worker restart, not the browser). */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const KEY = 'pendingRefinements';

/** An answer a tab just captured, as the trace store saw it. */
export interface CapturedAnswer {
  siteId: string;
  traceId: string;
  /** False when the store already held the same content (the trace id is then the stored one's). */
  created: boolean;
}

/**
 * Tabs that "Refine" opened, until the refined answer is captured in them. The refined answer is the first answer
 * the tab captures on the same engine (on Google, not a "People also ask" answer) that is new, or that is the
 * original answer itself (the search gave the same answer back). Another answer the store already held (an earlier
 * answer of the same chat thread) leaves the tab waiting. Kept in `area` (storage.session in the background) so a
 * service-worker restart between opening the tab and reading its answer keeps the link; without `area`, in memory.
 */
export function createPendingRefinements(area?: SessionArea) {
  let byTab: Promise<Map<number, PendingRefinement>> | null = null;
  const load = () => {
    byTab ??= (async () => {
      const items: Record<string, unknown> = area ? await area.get(KEY).catch(() => ({})) : {};
      const stored = items[KEY] ?? {};
      const map = new Map<number, PendingRefinement>();
      // Our own session storage (pages cannot read it); an entry that does not parse is dropped, not trusted.
      for (const [tab, value] of Object.entries(stored as Record<string, unknown>)) {
        const parsed = PendingSchema.safeParse(value);
        if (parsed.success && Number.isInteger(Number(tab))) map.set(Number(tab), parsed.data);
      }
      return map;
    })();
    return byTab;
  };
  const save = async (map: Map<number, PendingRefinement>) => {
    if (area) await area.set({ [KEY]: Object.fromEntries(map) });
  };
  return {
    async expect(tabId: number, pending: PendingRefinement): Promise<void> {
      const map = await load();
      map.set(tabId, pending);
      await save(map);
    },
    /** The refinement this tab's answer answers, taken once (see above). */
    async take(tabId: number, answer: CapturedAnswer): Promise<PendingRefinement | undefined> {
      const map = await load();
      const pending = map.get(tabId);
      if (!pending || answer.siteId === 'google-paa' || engineOf(answer.siteId) !== pending.engine) return undefined;
      if (!answer.created && answer.traceId !== pending.originalTraceId) return undefined;
      map.delete(tabId);
      await save(map);
      return pending;
    },
    async forget(tabId: number): Promise<void> {
      const map = await load();
      if (map.delete(tabId)) await save(map);
    },
  };
}

export type PendingRefinements = ReturnType<typeof createPendingRefinements>;
