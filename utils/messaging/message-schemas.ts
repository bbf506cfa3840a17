import { z } from 'zod';
import { FeedbackEventSchema, TraceDraftSchema } from '../../storage/schema';
import { MAX_EVENTS_PER_MESSAGE, type ProtocolMap } from './protocol';

const HeldSelectionSchema = z.union([z.literal('all'), z.array(TraceDraftSchema.shape.id).min(1).max(10_000)]);
export type HeldSelection = z.infer<typeof HeldSelectionSchema>;

const NoteQuerySchema = z.object({
  traceId: TraceDraftSchema.shape.id,
  query: z.string().max(2_000),
  pageUrl: TraceDraftSchema.shape.pageUrl,
});
export type NoteQuery = z.infer<typeof NoteQuerySchema>;

const OpenRefinementSchema = z.object({
  traceId: TraceDraftSchema.shape.id,
  query: z.string().trim().min(1).max(2_000),
  feedbackEventIds: z.array(TraceDraftSchema.shape.id).max(500),
});
export type OpenRefinement = z.infer<typeof OpenRefinementSchema>;

export const DiagnosticSchema = z.object({
  siteId: z.string().min(1).max(64),
  adapterVersion: z.string().max(32),
  pageUrl: TraceDraftSchema.shape.pageUrl,
  message: z.string().max(2_000),
  at: z.iso.datetime(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

/** The schema the background checks each message of `protocol.ts` against; only the background imports this. */
export const MESSAGE_SCHEMAS = {
  captureTrace: TraceDraftSchema,
  recordEvents: z.array(FeedbackEventSchema).min(1).max(MAX_EVENTS_PER_MESSAGE),
  noteQuery: NoteQuerySchema,
  reportDiagnostic: DiagnosticSchema,
  getTraceFeedback: TraceDraftSchema.shape.id,
  openRefinement: OpenRefinementSchema,
  getRefinementBasis: TraceDraftSchema.shape.id,
  injectOverlay: z.undefined(),
  getSettings: z.undefined(),
  syncNow: z.undefined(),
  getSyncStatus: z.undefined(),
  approveHeld: HeldSelectionSchema,
  skipHeld: HeldSelectionSchema,
  queueExisting: z.undefined(),
  proposeWithModels: TraceDraftSchema.shape.id,
  testShadowModel: z.undefined(),
  getShadowModelStatus: TraceDraftSchema.shape.id,
} satisfies { [K in keyof ProtocolMap]: z.ZodType };
