import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import type { StagebackDB } from '../../storage/db';
import { t, tn } from '../i18n';
import { backoffDelay } from '../sync/backoff';
import { deleteParticipant } from './collector-api';

/**
 * Leaving a study: the request to the collector to delete everything of this participant, kept in storage so it
 * is retried (also after the browser restarts) until the collector answers. `done` only on the collector's word.
 */
export const WithdrawalSchema = z.object({
  studyId: z.string().max(128),
  studyName: z.string().max(500),
  collector: z.string().max(2_000),
  participantId: z.string().max(128),
  /** pending: not answered yet, retried; done: the collector deleted; refused: it said no (not retried by itself). */
  state: z.enum(['pending', 'done', 'refused']),
  requestedAt: z.number(),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** What the collector said it deleted; null before `done`, or when it had deleted everything at an earlier request. */
  deleted: z.object({ traces: z.number(), events: z.number() }).nullable(),
  /** The collector answered 410: this participant had already withdrawn (an earlier answer was lost on the way). */
  alreadyWithdrawn: z.boolean(),
  /** Whether the participant then also deleted the copy in this browser. */
  localDeleted: z.object({ traces: z.number(), events: z.number() }).nullable(),
});
export type Withdrawal = z.infer<typeof WithdrawalSchema>;

export const withdrawalItem = storage.defineItem<Withdrawal | null>('local:studyWithdrawal', { fallback: null });

export async function loadWithdrawal(): Promise<Withdrawal | null> {
  const parsed = WithdrawalSchema.nullable().safeParse(await withdrawalItem.getValue());
  return parsed.success ? parsed.data : null;
}

/** The participant's token for the deletion request, kept apart from sync's (which is cleared at once). */
export const WITHDRAWAL_TOKEN_KEY = 'withdrawalToken';

export async function readWithdrawalToken(db: StagebackDB): Promise<string> {
  return (await db.secrets.get(WITHDRAWAL_TOKEN_KEY))?.value ?? '';
}

export async function writeWithdrawalToken(db: StagebackDB, token: string): Promise<void> {
  if (token === '') await db.secrets.delete(WITHDRAWAL_TOKEN_KEY);
  else await db.secrets.put({ key: WITHDRAWAL_TOKEN_KEY, value: token });
}

export function newWithdrawal(
  enrolment: { studyId: string; studyName: string; collector: string; participantId: string },
  now: number,
): Withdrawal {
  return {
    ...enrolment,
    state: 'pending',
    requestedAt: now,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    deleted: null,
    alreadyWithdrawn: false,
    localDeleted: null,
  };
}

export interface AttemptDeps {
  token: string;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
}

/** One try at the deletion request; the state to keep after it. */
export async function attemptWithdrawal(w: Withdrawal, deps: AttemptDeps): Promise<Withdrawal> {
  const now = deps.now ?? Date.now;
  const attempts = w.attempts + 1;
  const answer = await deleteParticipant(w.collector, w.participantId, deps.token, deps.fetch);
  if (answer.ok) {
    return { ...w, state: 'done', attempts, nextAttemptAt: null, lastError: null, deleted: answer.deleted };
  }
  if (answer.status === 410) {
    return { ...w, state: 'done', attempts, nextAttemptAt: null, lastError: null, alreadyWithdrawn: true };
  }
  if (answer.retry) {
    const nextAttemptAt = now() + backoffDelay(attempts, deps.random);
    return { ...w, state: 'pending', attempts, nextAttemptAt, lastError: answer.message };
  }
  return { ...w, state: 'refused', attempts, nextAttemptAt: null, lastError: answer.message };
}

const time = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** What the options page and the popup say about a withdrawal; never that data was deleted before the collector said so. */
export function describeWithdrawal(w: Withdrawal): string {
  switch (w.state) {
    case 'pending':
      if (w.attempts === 0) return t('bgWithdrawalAsking', w.studyName);
      return w.nextAttemptAt === null
        ? t('bgWithdrawalRetrying', w.studyName, w.lastError ?? t('bgWithdrawalNoAnswer'))
        : t('bgWithdrawalRetryingAt', w.studyName, w.lastError ?? t('bgWithdrawalNoAnswer'), time(w.nextAttemptAt));
    case 'refused':
      return t('bgWithdrawalRefused', w.studyName, w.lastError ?? '');
    case 'done':
      if (w.deleted === null) {
        return t('bgWithdrawalAlready', w.studyName);
      }
      return t(
        'bgWithdrawalDone',
        w.studyName,
        tn('bgWithdrawalAnswers', w.deleted.traces),
        tn('bgWithdrawalItems', w.deleted.events),
      );
  }
}
