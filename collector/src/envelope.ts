import { z } from 'zod';
import { type FeedbackEvent, FeedbackEventSchema, type Trace, TraceSchema } from '../../storage/schema';

/** Envelope item types and the extension schema each body must satisfy. */
export const ITEM_TYPES = ['trace-upsert', 'feedback-event'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export type ValidItem =
  | { type: 'trace-upsert'; id: string; body: Trace }
  | { type: 'feedback-event'; id: string; body: FeedbackEvent };

export interface ItemError {
  id: string | null;
  status: number;
  message: string;
}

const BatchSchema = z.object({ batch: z.array(z.unknown()) });

const ItemSchema = z.object({
  id: z.string(),
  timestamp: z.iso.datetime({ offset: true }),
  type: z.enum(ITEM_TYPES),
  body: z.unknown(),
});

const MAX_ISSUES_IN_MESSAGE = 5;

/** The Zod issues of one item on one line: `path: message; path: message; and N more`. */
export function summariseIssues(error: z.ZodError, pathPrefix = ''): string {
  const parts = error.issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => {
    const at = [pathPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${at || '(root)'}: ${issue.message}`;
  });
  const more = error.issues.length - MAX_ISSUES_IN_MESSAGE;
  return more > 0 ? `${parts.join('; ')}; and ${more} more` : parts.join('; ');
}

/** The batch-level shape; an error message when the request as a whole is not a batch. */
export function parseBatch(json: unknown, maxItems: number): { items: unknown[] } | { error: string } {
  const parsed = BatchSchema.safeParse(json);
  if (!parsed.success) return { error: `expected {"batch": [...]}: ${summariseIssues(parsed.error)}` };
  const { batch } = parsed.data;
  if (batch.length === 0) return { error: 'the batch is empty' };
  if (batch.length > maxItems) return { error: `the batch has ${batch.length} items; at most ${maxItems} are allowed` };
  return { items: batch };
}

/** True when some string in the value holds U+0000, which PostgreSQL cannot store in JSONB. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsNul);
  return false;
}

/**
 * Validates one envelope item and its body with the extension's own schemas. `mayHoldNul` (the raw
 * text contains an escaped U+0000) turns on a scan that is otherwise skipped for speed.
 */
export function validateItem(
  raw: unknown,
  index: number,
  mayHoldNul = false,
): { item: ValidItem } | { error: ItemError } {
  const rawId = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
  const fail = (message: string) => ({ error: { id: rawId, status: 400, message: `item ${index}: ${message}` } });
  const envelope = ItemSchema.safeParse(raw);
  if (!envelope.success) return fail(summariseIssues(envelope.error));
  const { id, type, body } = envelope.data;
  const parsed = type === 'trace-upsert' ? TraceSchema.safeParse(body) : FeedbackEventSchema.safeParse(body);
  if (!parsed.success) return fail(`invalid ${type} body: ${summariseIssues(parsed.error, 'body')}`);
  if (parsed.data.id !== id) return fail(`id "${id}" must equal body.id "${parsed.data.id}"`);
  // Refused on every store, so SQLite and PostgreSQL accept exactly the same items.
  if (mayHoldNul && containsNul(parsed.data)) return fail('text must not contain the NUL character (U+0000)');
  const item =
    type === 'trace-upsert'
      ? { type, id, body: parsed.data as Trace }
      : { type, id, body: parsed.data as FeedbackEvent };
  return { item };
}
