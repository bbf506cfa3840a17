import { z } from 'zod';
import { type FeedbackEvent, FeedbackEventSchema, type Trace, TraceSchema } from '../../storage/schema';

/** Envelope item types and the extension schema each body must satisfy. */
export const ITEM_TYPES = ['trace-upsert', 'feedback-event'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export type ValidItem =
  | { type: 'trace-upsert'; id: string; body: Trace }
  | { type: 'feedback-event'; id: string; body: FeedbackEvent };

/**
 * Why an item was refused, for programs (the message is for people): `invalid` (envelope or schema),
 * `nul_character`, `lone_surrogate` (text PostgreSQL cannot hold), `owned_by_another_participant`.
 */
export type ItemErrorReason = 'invalid' | 'nul_character' | 'lone_surrogate' | 'owned_by_another_participant';

export interface ItemError {
  id: string | null;
  status: number;
  reason: ItemErrorReason;
  message: string;
}

/** An answer lists at most this many item errors and counts the rest in `moreErrors`. */
export const MAX_LISTED_ERRORS = 100;
/**
 * After this many invalid items a batch is evidently not the extension's work: the items after it are neither
 * checked nor stored, only counted in `unchecked`, so a flood of junk costs a tenth of a full batch.
 */
export const MAX_CHECKED_INVALID = 1_000;
/** Validation runs in slices of about this long, so other requests (and /healthz) are served in between. */
const VALIDATION_SLICE_MS = 2;

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
  // By hand: a schema would visit each of up to 10,000 items just to learn they are unknown.
  const batch = typeof json === 'object' && json !== null && 'batch' in json ? json.batch : undefined;
  if (!Array.isArray(batch)) {
    const got = batch === undefined ? 'no "batch" field' : `"batch" is ${batch === null ? 'null' : typeof batch}`;
    return { error: `expected {"batch": [...]}: ${got}` };
  }
  if (batch.length === 0) return { error: 'the batch is empty' };
  if (batch.length > maxItems) return { error: `the batch has ${batch.length} items; at most ${maxItems} are allowed` };
  return { items: batch };
}

/** What the raw request text may hold, so the scans of every string below run only when they can find something. */
export interface TextHints {
  /** The text has an escaped U+0000. */
  mayHoldNul: boolean;
  /** The text has an escaped UTF-16 surrogate (`\uD800`–`\uDFFF`); UTF-8 decoding never yields a lone one. */
  mayHoldSurrogate: boolean;
}

export function textHints(text: string): TextHints {
  return { mayHoldNul: text.includes('\\u0000'), mayHoldSurrogate: /\\u[dD][89a-fA-F]/.test(text) };
}

const NO_HINTS: TextHints = { mayHoldNul: false, mayHoldSurrogate: false };

/** True when some string (value or key) satisfies `bad`. */
function someString(value: unknown, bad: (text: string) => boolean): boolean {
  if (typeof value === 'string') return bad(value);
  if (Array.isArray(value)) return value.some((v) => someString(v, bad));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, v]) => bad(key) || someString(v, bad));
  }
  return false;
}

/** U+0000, which PostgreSQL cannot store in JSONB. */
const hasNul = (text: string) => text.includes('\0');
/** A high surrogate without its low half or the reverse: not Unicode text, and PostgreSQL's JSONB refuses it. */
const hasLoneSurrogate = (text: string) => !text.isWellFormed();

/**
 * Validates one envelope item and its body with the extension's own schemas. `hints` (from the raw text) turn on
 * scans for NUL and lone surrogates that are otherwise skipped for speed.
 */
export function validateItem(
  raw: unknown,
  index: number,
  hints: TextHints = NO_HINTS,
): { item: ValidItem } | { error: ItemError } {
  const rawId = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
  const fail = (message: string, reason: ItemErrorReason = 'invalid') => ({
    error: { id: rawId, status: 400, reason, message: `item ${index}: ${message}` },
  });
  const envelope = ItemSchema.safeParse(raw);
  if (!envelope.success) return fail(summariseIssues(envelope.error));
  const { id, type, body } = envelope.data;
  const parsed = type === 'trace-upsert' ? TraceSchema.safeParse(body) : FeedbackEventSchema.safeParse(body);
  if (!parsed.success) return fail(`invalid ${type} body: ${summariseIssues(parsed.error, 'body')}`);
  if (parsed.data.id !== id) return fail(`id "${id}" must equal body.id "${parsed.data.id}"`);
  // Refused on every store, so SQLite and PostgreSQL accept exactly the same items.
  if (hints.mayHoldNul && someString(parsed.data, hasNul)) {
    return fail('text must not contain the NUL character (U+0000)', 'nul_character');
  }
  if (hints.mayHoldSurrogate && someString(parsed.data, hasLoneSurrogate)) {
    return fail('text must not contain a lone UTF-16 surrogate (U+D800–U+DFFF without its pair)', 'lone_surrogate');
  }
  const item =
    type === 'trace-upsert'
      ? { type, id, body: parsed.data as Trace }
      : { type, id, body: parsed.data as FeedbackEvent };
  return { item };
}

export interface ValidatedBatch {
  /** Valid items with their index in the batch. */
  valid: { index: number; item: ValidItem }[];
  /** The first MAX_LISTED_ERRORS errors, with their index in the batch. */
  errors: { index: number; error: ItemError }[];
  /** Invalid items not listed in `errors`. */
  moreErrors: number;
  /** Items after the MAX_CHECKED_INVALID-th invalid one: not checked, not stored. */
  unchecked: number;
  /** Every invalid item (listed or not) counted by its reason. */
  refusedByReason: Partial<Record<ItemErrorReason, number>>;
}

/**
 * Validates every item, yielding to the event loop about every VALIDATION_SLICE_MS so one large batch cannot hold
 * up other requests. Errors past MAX_LISTED_ERRORS are only counted, so the answer stays small.
 */
export async function validateBatch(items: readonly unknown[], hints: TextHints): Promise<ValidatedBatch> {
  const out: ValidatedBatch = { valid: [], errors: [], moreErrors: 0, unchecked: 0, refusedByReason: {} };
  let sliceStart = performance.now();
  for (const [index, raw] of items.entries()) {
    if (performance.now() - sliceStart > VALIDATION_SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    const result = validateItem(raw, index, hints);
    if ('item' in result) {
      out.valid.push({ index, item: result.item });
      continue;
    }
    const { reason } = result.error;
    out.refusedByReason[reason] = (out.refusedByReason[reason] ?? 0) + 1;
    if (out.errors.length < MAX_LISTED_ERRORS) out.errors.push({ index, error: result.error });
    else out.moreErrors++;
    if (out.errors.length + out.moreErrors >= MAX_CHECKED_INVALID) {
      out.unchecked = items.length - index - 1;
      break;
    }
  }
  return out;
}
