import { z } from 'zod/mini';
import { lazySchema } from '../../zod-config';
import { type SiteDataResult, siteDataFailure, toSiteSources, toSubqueries } from '../common/site-data';

const conversationSchema = lazySchema(() => {
  const SearchResultSchema = z.looseObject({ url: z.string(), title: z.nullish(z.string()) });
  const WebpageItemSchema = z.looseObject({
    url: z.string(),
    title: z.nullish(z.string()),
    supporting_websites: z.nullish(z.array(SearchResultSchema)),
  });
  const MetadataSchema = z.looseObject({
    search_model_queries: z.nullish(z.looseObject({ queries: z.array(z.string()) })),
    search_queries: z.nullish(z.array(z.looseObject({ q: z.string() }))),
    search_result_groups: z.nullish(z.array(z.looseObject({ entries: z.array(SearchResultSchema) }))),
    content_references: z.nullish(z.array(z.looseObject({ items: z.nullish(z.array(WebpageItemSchema)) }))),
  });
  const NodeSchema = z.looseObject({
    parent: z.nullish(z.string()),
    message: z.nullish(z.looseObject({ metadata: z.nullish(MetadataSchema) })),
  });
  return z.looseObject({ current_node: z.string(), mapping: z.record(z.string(), NodeSchema) });
});

/**
 * A ChatGPT conversation payload (`GET /backend-api/conversation/<id>`): sub-queries from
 * `metadata.search_model_queries` (else `search_queries`), retrieved sources from
 * `search_result_groups`, cited ones from `content_references`, along the current branch.
 * Any mismatch is a failure, never an exception.
 */
export function parseConversation(payload: unknown): SiteDataResult {
  const parsed = conversationSchema().safeParse(payload);
  if (!parsed.success)
    return siteDataFailure(`unexpected conversation shape: ${parsed.error.issues[0]?.message ?? ''}`);
  const { mapping, current_node } = parsed.data;
  const branch: z.infer<ReturnType<typeof conversationSchema>>['mapping'][string][] = [];
  const visited = new Set<string>();
  for (let id: string | null | undefined = current_node; id && !visited.has(id); id = mapping[id]?.parent) {
    visited.add(id);
    const node = mapping[id];
    if (!node) return siteDataFailure(`current branch names a missing node ${id}`);
    branch.unshift(node);
  }
  const queries: string[] = [];
  const retrieved: { url: string; title?: string | null }[] = [];
  const cited: { url: string; title?: string | null }[] = [];
  for (const node of branch) {
    const meta = node.message?.metadata;
    if (!meta) continue;
    if (meta.search_model_queries) queries.push(...meta.search_model_queries.queries);
    else if (meta.search_queries) queries.push(...meta.search_queries.map((q) => q.q));
    for (const group of meta.search_result_groups ?? []) retrieved.push(...group.entries);
    for (const ref of meta.content_references ?? []) {
      for (const item of ref.items ?? []) cited.push(item, ...(item.supporting_websites ?? []));
    }
  }
  return {
    ok: true,
    data: { subqueries: toSubqueries(queries), retrieved: toSiteSources(retrieved), cited: toSiteSources(cited) },
  };
}
