import { z } from 'zod/mini';
import { lazySchema } from '../../zod-config';
import { type SiteDataResult, siteDataFailure, toSiteSources, toSubqueries } from '../common/site-data';

const threadSchema = lazySchema(() => {
  const QuerySchema = z.union([z.string(), z.looseObject({ query: z.string() })]);
  const WebResultSchema = z.looseObject({ url: z.string(), name: z.nullish(z.string()), title: z.nullish(z.string()) });
  const StepSchema = z.looseObject({
    step_type: z.string(),
    search_web_content: z.nullish(z.looseObject({ queries: z.array(QuerySchema) })),
    web_results_content: z.nullish(z.looseObject({ web_results: z.array(WebResultSchema) })),
    web_results: z.nullish(z.array(WebResultSchema)),
  });
  const BlockSchema = z.looseObject({
    intended_usage: z.nullish(z.string()),
    plan_block: z.nullish(z.looseObject({ steps: z.array(StepSchema) })),
    web_result_block: z.nullish(z.looseObject({ web_results: z.array(WebResultSchema) })),
  });
  return z.looseObject({ entries: z.array(z.looseObject({ blocks: z.nullish(z.array(BlockSchema)) })) });
});

/**
 * A Perplexity thread payload (`GET /rest/thread/<slug>`): `entries[].blocks[]` whose
 * `intended_usage` is `pro_search_steps` carry `plan_block.steps[]`; `SEARCH_WEB` steps hold the
 * sub-queries, `SEARCH_RESULTS` steps the retrieved results. Cited sources are not separable
 * here (the page's chips are), so `cited` is empty. Any mismatch is a failure, never an exception.
 */
export function parseThread(payload: unknown): SiteDataResult {
  const parsed = threadSchema().safeParse(payload);
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
