import { z } from 'zod';
import { READ_FIELDS, READ_PATHS } from '../../utils/adapters/read-paths';
import { HttpUrlSchema, IdSchema, LIMITS, SCHEMA_VERSION, TimestampSchema } from './common';

export const SUBQUERY_ORIGINS = ['shown', 'site-data', 'user'] as const;
/** Whether an adapter could read a stage on this page. */
export const STAGE_AVAILABILITY = ['read', 'not_available', 'failed'] as const;

export const SubQuerySchema = z.object({
  id: z.string().min(1).max(64),
  text: z.string().min(1).max(LIMITS.shortText),
  position: z.number().int().nonnegative(),
  origin: z.enum(SUBQUERY_ORIGINS),
});

export const SourceSchema = z.object({
  id: z.string().min(1).max(64),
  /** Canonical URL: tracking parameters, text fragments and redirect wrappers removed. */
  url: HttpUrlSchema,
  title: z.string().max(LIMITS.shortText),
  /** The text the page shows for the source besides its title (a search snippet); absent where it shows none. */
  snippet: z.string().max(LIMITS.shortText).optional(),
  domain: z.string().max(253),
  position: z.number().int().nonnegative(),
  citingSentenceIds: z.array(z.string().max(64)).max(LIMITS.items),
});

export const SentenceSchema = z
  .object({
    id: z.string().min(1).max(64),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .refine((s) => s.end >= s.start, 'sentence end is before its start');

export const AnswerSchema = z
  .object({
    text: z.string().max(LIMITS.longText),
    sentences: z.array(SentenceSchema).max(5_000),
    complete: z.boolean(),
  })
  .refine((a) => a.sentences.every((s) => s.end <= a.text.length), 'a sentence ends past the answer text');

export const StageAvailabilitySchema = z.object({
  decomposition: z.enum(STAGE_AVAILABILITY),
  retrieval: z.enum(STAGE_AVAILABILITY),
  answer: z.enum(STAGE_AVAILABILITY),
});

/** How each part of the answer was read (`utils/adapters/read-paths.ts`); parts a site never shows are left out. */
export const ReadPathsSchema = z.partialRecord(z.enum(READ_FIELDS), z.enum(READ_PATHS));

/** What a content script sends: a trace before the background has hashed it. */
export const TraceDraftSchema = z.object({
  id: IdSchema,
  schemaVersion: z.literal(SCHEMA_VERSION),
  siteId: z.string().min(1).max(64),
  pageUrl: HttpUrlSchema,
  query: z.string().max(LIMITS.shortText),
  capturedAt: TimestampSchema,
  lang: z.string().max(35).nullable(),
  subqueries: z.array(SubQuerySchema).max(LIMITS.items),
  sources: z.array(SourceSchema).max(LIMITS.items),
  answer: AnswerSchema,
  availability: StageAvailabilitySchema,
  adapter: z.object({ id: z.string().min(1).max(64), version: z.string().min(1).max(32) }),
  /** Absent on traces captured before reading health (database version 7) and on imported older logs. */
  readPaths: ReadPathsSchema.optional(),
});

export const TraceSchema = TraceDraftSchema.extend({
  /** SHA-256 of site, query and answer text: the same answer captured twice is one trace. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Set when the first feedback event for this trace is stored. */
  firstFeedbackAt: TimestampSchema.optional(),
  /**
   * Set by the background on an answer read in a tab opened by "Refine": the answer it refines and the
   * `refinement` event (on that answer's trace) that opened the tab. Never taken from a content script.
   */
  refinedFrom: z.object({ traceId: IdSchema, refinementId: IdSchema }).optional(),
});

export type SubQuery = z.infer<typeof SubQuerySchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Sentence = z.infer<typeof SentenceSchema>;
export type Answer = z.infer<typeof AnswerSchema>;
export type TraceDraft = z.infer<typeof TraceDraftSchema>;
export type Trace = z.infer<typeof TraceSchema>;
