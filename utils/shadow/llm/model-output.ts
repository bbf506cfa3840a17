import { z } from 'zod';
import type { ModelInput } from './model-input';

/** Bounds on every string the model writes: a model that does not stop would otherwise run to its token limit. */
export const OUTPUT_LIMITS = { proposals: 5, id: 64, reason: 160, aspect: 80, subquery: 120 } as const;

export const MODEL_PROPOSAL_KINDS = [
  'unsupported_sentence',
  'missing_aspect',
  'irrelevant_source',
  'irrelevant_subquery',
  'missing_subquery',
] as const;
export type ModelProposalKind = (typeof MODEL_PROPOSAL_KINDS)[number];

const reason = z.string().max(OUTPUT_LIMITS.reason);
const id = z.string().min(1).max(OUTPUT_LIMITS.id);

/**
 * What the model must answer, checked with Zod whatever the server claims to have enforced. Ids are checked
 * against the answer afterwards (`toProposals`), so a made-up id is reported as such, not as a shape error.
 */
export const ModelOutputSchema = z.object({
  proposals: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('unsupported_sentence'), sentenceId: id, reason }),
        z.object({
          kind: z.literal('missing_aspect'),
          aspect: z.string().trim().min(1).max(OUTPUT_LIMITS.aspect),
          reason,
        }),
        z.object({ kind: z.literal('irrelevant_source'), sourceId: id, reason }),
        z.object({ kind: z.literal('irrelevant_subquery'), subqueryId: id, reason }),
        z.object({
          kind: z.literal('missing_subquery'),
          subquery: z.string().trim().min(1).max(OUTPUT_LIMITS.subquery),
          reason,
        }),
      ]),
    )
    .max(OUTPUT_LIMITS.proposals),
});
export type ModelOutput = z.infer<typeof ModelOutputSchema>;
export type ModelProposal = ModelOutput['proposals'][number];

type JsonSchema = Record<string, unknown>;

const text = (maxLength: number): JsonSchema => ({ type: 'string', maxLength });
const item = (kind: ModelProposalKind, fields: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties: { kind: { type: 'string', const: kind }, ...fields, reason: text(OUTPUT_LIMITS.reason) },
  required: ['kind', ...Object.keys(fields), 'reason'],
  additionalProperties: false,
});

/**
 * The JSON schema sent as `response_format` (and to the browser's model as its `responseConstraint`). Ids are
 * enums of this answer's own ids, so a server that enforces the schema can only name what exists; a kind whose
 * list would be empty (no sources, no sub-queries) is left out. Every string is bounded.
 */
export function outputJsonSchema(input: ModelInput): JsonSchema {
  const ids = (list: { id: string }[]) => ({ type: 'string', enum: list.map((x) => x.id) });
  const kinds: JsonSchema[] = [];
  if (input.sentences.length > 0) kinds.push(item('unsupported_sentence', { sentenceId: ids(input.sentences) }));
  kinds.push(item('missing_aspect', { aspect: text(OUTPUT_LIMITS.aspect) }));
  if (input.sources.length > 0) kinds.push(item('irrelevant_source', { sourceId: ids(input.sources) }));
  if (input.subqueries.length > 0) kinds.push(item('irrelevant_subquery', { subqueryId: ids(input.subqueries) }));
  kinds.push(item('missing_subquery', { subquery: text(OUTPUT_LIMITS.subquery) }));
  return {
    type: 'object',
    properties: { proposals: { type: 'array', maxItems: OUTPUT_LIMITS.proposals, items: { anyOf: kinds } } },
    required: ['proposals'],
    additionalProperties: false,
  };
}
