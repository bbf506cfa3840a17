import { z } from 'zod';
import { type SiteDataResult, siteDataFailure, toSiteSources, toSubqueries } from '../common/site-data';

const QuerySchema = z.union([z.string(), z.looseObject({ query: z.string() })]);
const WebResultSchema = z.looseObject({ url: z.string(), name: z.string().nullish(), title: z.string().nullish() });
const StepSchema = z.looseObject({
  step_type: z.string(),
  search_web_content: z.looseObject({ queries: z.array(QuerySchema) }).nullish(),
  web_results_content: z.looseObject({ web_results: z.array(WebResultSchema) }).nullish(),
  web_results: z.array(WebResultSchema).nullish(),
});
const BlockSchema = z.looseObject({
  intended_usage: z.string().nullish(),
  plan_block: z.looseObject({ steps: z.array(StepSchema) }).nullish(),
  web_result_block: z.looseObject({ web_results: z.array(WebResultSchema) }).nullish(),
});
const ThreadSchema = z.looseObject({
  entries: z.array(z.looseObject({ blocks: z.array(BlockSchema).nullish() })),
});

/**
 * A Perplexity thread payload (`GET /rest/thread/<slug>`): `entries[].blocks[]` whose
 * `intended_usage` is `pro_search_steps` carry `plan_block.steps[]`; `SEARCH_WEB` steps hold the
 * sub-queries, `SEARCH_RESULTS` steps the retrieved results. Cited sources are not separable
 * here (the page's chips are), so `cited` is empty. Any mismatch is a failure, never an exception.
 */
export function parseThread(payload: unknown): SiteDataResult {
  const parsed = ThreadSchema.safeParse(payload);
  if (!parsed.success) return siteDataFailure(`unexpected thread shape: ${parsed.error.issues[0]?.message ?? ''}`);
  const queries: string[] = [];
  const retrieved: { url: string; title?: string | null }[] = [];
  let sawSteps = false;
  for (const entry of parsed.data.entries) {
    for (const block of entry.blocks ?? []) {
      if (block.intended_usage !== 'pro_search_steps' || !block.plan_block) continue;
      sawSteps = true;
      for (const step of block.plan_block.steps) {
        if (step.step_type === 'SEARCH_WEB') {
          for (const q of step.search_web_content?.queries ?? []) queries.push(typeof q === 'string' ? q : q.query);
        } else if (step.step_type === 'SEARCH_RESULTS') {
          const results = step.web_results_content?.web_results ?? step.web_results ?? [];
          retrieved.push(...results.map((r) => ({ url: r.url, title: r.name ?? r.title })));
        }
      }
    }
  }
  if (!sawSteps) return siteDataFailure('thread has no pro_search_steps block');
  return { ok: true, data: { subqueries: toSubqueries(queries), retrieved: toSiteSources(retrieved), cited: [] } };
}
