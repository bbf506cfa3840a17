import { z } from 'zod';
import { t } from '../i18n';

import { TaughtRuleSchema } from '../taught/rule';

const TIMEOUT_MS = 15_000;

export const PublicStudySchema = z.object({
  id: z.string().max(128),
  name: z.string().max(500),
  consentText: z.string().max(50_000),
  expiresAt: z.string().nullable(),
});
export type PublicStudy = z.infer<typeof PublicStudySchema>;

const EnrolAnswerSchema = z.object({
  token: z.string().min(1).max(500),
  participantId: z.string().max(128),
  study: PublicStudySchema,
});
export type EnrolAnswer = z.infer<typeof EnrolAnswerSchema>;

export const ReceiptsSchema = z.object({
  traces: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  eventsByStage: z.record(z.string(), z.number().int().nonnegative()),
  lastStoredAt: z.string().nullable(),
});
export type Receipts = z.infer<typeof ReceiptsSchema>;

const DeleteAnswerSchema = z.object({
  deleted: z.object({ traces: z.number().int().nonnegative(), events: z.number().int().nonnegative() }),
});

/** A collector call that did not give what was asked: whether to try again later, and words for the participant. */
export interface CallFailure {
  ok: false;
  /** No answer, a timeout, 5xx or 429: the same request may work later. */
  retry: boolean;
  status: number | null;
  message: string;
}
export type CallResult<T> = ({ ok: true } & T) | CallFailure;

async function call<T>(
  url: string,
  init: RequestInit,
  schema: z.ZodType<T>,
  doFetch: typeof fetch,
): Promise<CallResult<{ data: T }>> {
  let res: Response;
  try {
    res = await doFetch(url, {
      ...init,
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return { ok: false, retry: true, status: null, message: t('bgCollectorUnreachable') };
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, data: parsed.data };
    return {
      ok: false,
      retry: false,
      status: res.status,
      message: t('bgCollectorNotUnderstood'),
    };
  }
  const said = (json as { error?: unknown } | null)?.error;
  const message = typeof said === 'string' ? said.slice(0, 500) : t('bgCollectorStatus', res.status);
  return { ok: false, retry: res.status >= 500 || res.status === 429, status: res.status, message };
}

const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
const bearer = (token: string): HeadersInit => ({ Authorization: `Bearer ${token}` });

/** The study an enrolment code opens (no token needed). */
export async function fetchStudy(collector: string, code: string, doFetch: typeof fetch = fetch) {
  const result = await call(
    `${collector}/v1/enrol/study`,
    postJson({ code }),
    z.object({ study: PublicStudySchema }),
    doFetch,
  );
  return result.ok ? { ok: true as const, study: result.data.study } : result;
}

/** Enrols: the collector makes a participant id and a token bound to it. */
export async function enrol(collector: string, code: string, doFetch: typeof fetch = fetch) {
  const result = await call(`${collector}/v1/enrol`, postJson({ code }), EnrolAnswerSchema, doFetch);
  return result.ok ? { ok: true as const, ...result.data } : result;
}

export async function fetchReceipts(collector: string, token: string, doFetch: typeof fetch = fetch) {
  const result = await call(`${collector}/v1/receipts`, { headers: bearer(token) }, ReceiptsSchema, doFetch);
  return result.ok ? { ok: true as const, receipts: result.data } : result;
}

/** Asks the collector to delete everything of this participant (with their own token). */
export async function deleteParticipant(
  collector: string,
  participantId: string,
  token: string,
  doFetch: typeof fetch = fetch,
) {
  const url = `${collector}/v1/participants/${encodeURIComponent(participantId)}`;
  const result = await call(url, { method: 'DELETE', headers: bearer(token) }, DeleteAnswerSchema, doFetch);
  return result.ok ? { ok: true as const, deleted: result.data.deleted } : result;
}

/** The taught sites the participant's study offers (GET /v1/study/rules); the participant adds each one. */
export async function fetchStudyRules(collector: string, token: string, doFetch: typeof fetch = fetch) {
  const schema = z.object({ studyId: z.string().max(128), rules: z.array(TaughtRuleSchema).max(500) });
  const result = await call(`${collector}/v1/study/rules`, { headers: bearer(token) }, schema, doFetch);
  return result.ok ? { ok: true as const, rules: result.data.rules } : result;
}
