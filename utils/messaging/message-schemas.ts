import { z } from 'zod';
import { FeedbackEventSchema, TraceDraftSchema } from '../../storage/schema';
import { MAX_REPORT_CHARS } from '../report/report-file';
import { RuleDraftSchema } from '../taught/rule';
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

const AnswerProposalSchema = z.object({
  traceId: TraceDraftSchema.shape.id,
  proposalId: TraceDraftSchema.shape.id,
  confirm: z.boolean(),
});
export type AnswerProposal = z.infer<typeof AnswerProposalSchema>;

export const DiagnosticSchema = z.object({
  siteId: z.string().min(1).max(64),
  adapterVersion: z.string().max(32),
  pageUrl: TraceDraftSchema.shape.pageUrl,
  message: z.string().max(2_000),
  at: z.iso.datetime(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

const PageReportSchema = z.object({
  pageUrl: TraceDraftSchema.shape.pageUrl,
  html: z.string().min(1).max(MAX_REPORT_CHARS),
});
export type PageReport = z.infer<typeof PageReportSchema>;

/** The schema the background checks each message of `protocol.ts` against; only the background imports this. */
export const MESSAGE_SCHEMAS = {
  captureTrace: TraceDraftSchema,
  recordEvents: z.array(FeedbackEventSchema).min(1).max(MAX_EVENTS_PER_MESSAGE),
  noteQuery: NoteQuerySchema,
  reportDiagnostic: DiagnosticSchema,
  getTraceFeedback: TraceDraftSchema.shape.id,
  openRefinement: OpenRefinementSchema,
  getRefinementBasis: TraceDraftSchema.shape.id,
  getShadowProposals: TraceDraftSchema.shape.id,
  answerProposal: AnswerProposalSchema,
  injectOverlay: z.undefined(),
  getSettings: z.undefined(),
  getTaughtRules: z.undefined(),
  teachRule: RuleDraftSchema,
  syncNow: z.undefined(),
  getSyncStatus: z.undefined(),
  approveHeld: HeldSelectionSchema,
  skipHeld: HeldSelectionSchema,
  queueExisting: z.undefined(),
  openReport: PageReportSchema,
  getReport: z.string().regex(/^[0-9a-f-]{36}$/),
  proposeWithModels: TraceDraftSchema.shape.id,
  testShadowModel: z.undefined(),
  getShadowModelStatus: TraceDraftSchema.shape.id,
} satisfies { [K in keyof ProtocolMap]: z.ZodType };
