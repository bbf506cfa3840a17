import { z } from 'zod';
import {
  ALL_EDIT_OPS,
  ALL_LABELS,
  COMPARISON_VERDICTS,
  EDIT_OPS,
  IMPLICIT_SIGNALS,
  NUGGET_IMPORTANCE,
  ORIGINS,
  REFINE_ENGINES,
  RELEVANCE_GRADES,
  STAGE_LABELS,
  STAGES,
  type Stage,
} from '../labels';
import { HttpUrlSchema, IdSchema, LIMITS, SCHEMA_VERSION, TimestampSchema } from './common';
import { TextPositionSelectorSchema, TextQuoteSelectorSchema } from './selectors';

const ItemId = z.string().min(1).max(64);

export const TargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stage') }),
  z.object({ type: z.literal('subquery'), subqueryId: ItemId }),
  z.object({ type: z.literal('source'), sourceId: ItemId }),
  /** A (sentence, cited source) pair, for citation support grades. */
  z.object({ type: z.literal('citation'), sentenceId: ItemId, sourceId: ItemId }),
  z.object({
    type: z.literal('span'),
    quote: TextQuoteSelectorSchema,
    position: TextPositionSelectorSchema,
  }),
]);

/** What an agent's proposal showed the user: the question asked and why it was proposed (shadow origins only). */
export const EvidenceSchema = z.object({
  question: z.string().min(1).max(LIMITS.shortText),
  why: z.string().min(1).max(LIMITS.shortText),
});

export const AgentSchema = z.object({
  name: z.string().min(1).max(100),
  version: z.string().min(1).max(32),
  confidence: z.number().min(0).max(1),
});

const Base = z.object({
  id: IdSchema,
  schemaVersion: z.literal(SCHEMA_VERSION),
  traceId: IdSchema,
  createdAt: TimestampSchema,
  stage: z.enum(STAGES),
  target: TargetSchema,
  origin: z.enum(ORIGINS),
  agent: AgentSchema.optional(),
  /** Shown with an agent's proposal; kept on its confirmation or rejection. */
  evidence: EvidenceSchema.optional(),
  /** The event this one replaces (a changed mind); the old one stays in the log. */
  supersedes: IdSchema.optional(),
});

const EditValue = z.union([
  z.string().max(LIMITS.longText),
  z.array(z.string().max(LIMITS.shortText)).max(LIMITS.items),
  z.null(),
]);

const Kinds = [
  Base.extend({
    kind: z.literal('rating'),
    value: z.discriminatedUnion('scale', [
      z.object({ scale: z.literal('thumbs'), score: z.union([z.literal(1), z.literal(-1)]) }),
      z.object({ scale: z.literal('likert5'), score: z.number().int().min(1).max(5) }),
    ]),
  }),
  Base.extend({
    kind: z.literal('relevance'),
    // Zod's own message for a failed union is "Invalid input"; say what is allowed.
    value: z.union(
      RELEVANCE_GRADES.map((g) => z.literal(g)),
      { error: `grade must be ${RELEVANCE_GRADES[0]}–${RELEVANCE_GRADES[RELEVANCE_GRADES.length - 1]}` },
    ),
  }),
  Base.extend({
    kind: z.literal('label'),
    value: z.object({
      label: z.enum(ALL_LABELS as [string, ...string[]]),
      /** Free text a label carries: the missing aspect, a missing-information nugget. */
      text: z.string().max(LIMITS.shortText).optional(),
      importance: z.enum(NUGGET_IMPORTANCE).optional(),
    }),
  }),
  Base.extend({
    kind: z.literal('comment'),
    value: z
      .string()
      .min(1)
      .max(LIMITS.shortText * 5),
  }),
  Base.extend({
    kind: z.literal('edit'),
    value: z.object({
      op: z.enum(ALL_EDIT_OPS as [string, ...string[]]),
      before: EditValue,
      after: EditValue,
    }),
  }),
  Base.extend({
    kind: z.literal('implicit'),
    value: z.object({
      signal: z.enum(IMPLICIT_SIGNALS),
      position: z.number().int().nonnegative().optional(),
      url: HttpUrlSchema.optional(),
      dwellMs: z.number().int().nonnegative().optional(),
      editDistance: z.number().int().nonnegative().optional(),
      text: z.string().max(LIMITS.shortText).optional(),
    }),
  }),
  /** The search re-run from this answer's feedback, opened in a new tab (on the original answer's trace). */
  Base.extend({
    kind: z.literal('refinement'),
    value: z.object({
      engine: z.enum(REFINE_ENGINES),
      query: z.string().min(1).max(LIMITS.shortText),
      url: HttpUrlSchema,
      /** The feedback events the refined query came from. */
      feedbackEventIds: z.array(IdSchema).max(LIMITS.items),
    }),
  }),
  /** The user's judgement of a refined answer against the original (on the refined answer's trace). */
  Base.extend({
    kind: z.literal('comparison'),
    value: z.object({
      refinementId: IdSchema,
      originalTraceId: IdSchema,
      verdict: z.enum(COMPARISON_VERDICTS),
      /**
       * The refined search gave back the original answer itself (the same content, so the same trace): the event
       * sits on that trace and `originalTraceId` names it too.
       */
      unchanged: z.literal(true).optional(),
    }),
  }),
  /** A tombstone: the superseded event is withdrawn and nothing replaces it. */
  Base.extend({ kind: z.literal('retraction'), value: z.null() }),
] as const;

export const FeedbackEventSchema = z.discriminatedUnion('kind', Kinds).superRefine((event, ctx) => {
  const stage: Stage = event.stage;
  if (event.kind === 'label' && !(STAGE_LABELS[stage] as readonly string[]).includes(event.value.label)) {
    ctx.addIssue({
      code: 'custom',
      path: ['value', 'label'],
      message: `label "${event.value.label}" does not belong to stage "${stage}"`,
    });
  }
  if (event.kind === 'edit' && !(EDIT_OPS[stage] as readonly string[]).includes(event.value.op)) {
    ctx.addIssue({
      code: 'custom',
      path: ['value', 'op'],
      message: `edit "${event.value.op}" does not belong to stage "${stage}"`,
    });
  }
  if (
    (event.kind === 'refinement' || event.kind === 'comparison') &&
    (stage !== 'overall' || event.target.type !== 'stage')
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['stage'],
      message: `a ${event.kind} is about the whole answer (stage "overall")`,
    });
  }
  if (
    event.kind === 'comparison' &&
    (event.value.originalTraceId === event.traceId) !== (event.value.unchanged === true)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['value', 'originalTraceId'],
      message: event.value.unchanged
        ? 'an unchanged answer is compared with itself'
        : 'a comparison is between two answers (or says the answer came back unchanged)',
    });
  }
  if (event.kind === 'retraction' && !event.supersedes) {
    ctx.addIssue({ code: 'custom', path: ['supersedes'], message: 'a retraction names the event it withdraws' });
  }
  if (event.supersedes === event.id) {
    ctx.addIssue({ code: 'custom', path: ['supersedes'], message: 'an event cannot supersede itself' });
  }
  const isAgent =
    event.origin === 'shadow' || event.origin === 'shadow_confirmed' || event.origin === 'shadow_rejected';
  if (isAgent !== (event.agent !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['agent'],
      message: 'agent details go with shadow origins, and only with them',
    });
  }
  if (event.evidence && !isAgent) {
    ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'evidence goes with shadow origins only' });
  }
  if ((event.kind === 'implicit') !== (event.origin === 'implicit')) {
    ctx.addIssue({
      code: 'custom',
      path: ['origin'],
      message: 'implicit signals, and only they, have origin "implicit"',
    });
  }
});

export type FeedbackEvent = z.infer<typeof FeedbackEventSchema>;
export type FeedbackTarget = z.infer<typeof TargetSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
