import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SYNC_TOKEN_KEY } from '../../../storage/secrets';
import { setUpWithdrawal, WITHDRAWAL_ALARM } from '../../../utils/background/setup-withdrawal';
import {
  attemptWithdrawal,
  describeWithdrawal,
  loadWithdrawal,
  newWithdrawal,
  readWithdrawalToken,
  type Withdrawal,
  withdrawalItem,
  writeWithdrawalToken,
} from '../../../utils/study/withdrawal';
import { useTestDbs } from '../../support/test-db';

const ENROLMENT = {
  studyId: 'sleep',
  studyName: 'Sleep answers',
  collector: 'https://collector.invalid',
  participantId: 'p-1',
};
const T0 = 1_800_000_000_000;

type Reply = { status: number; body?: unknown } | 'network';
/** A fetch that answers from a list, one per call, and records the requests. */
function fakeFetch(replies: Reply[]) {
  const calls: { url: string; method?: string; auth?: string }[] = [];
  const doFetch = (async (url: string, init?: RequestInit) => {
    calls.push({
      url,
      method: init?.method,
      auth: (init?.headers as Record<string, string> | undefined)?.Authorization,
    });
    const reply = replies.shift() ?? 'network';
    if (reply === 'network') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(reply.body ?? {}), { status: reply.status });
  }) as typeof fetch;
  return { doFetch, calls };
}

const pending = () => newWithdrawal(ENROLMENT, T0);

describe('attemptWithdrawal', () => {
  it("is done with the collector's counts only when it answered 200", async () => {
    const { doFetch, calls } = fakeFetch([
      { status: 200, body: { participantId: 'p-1', deleted: { traces: 2, events: 7 }, tokensRevoked: 1 } },
    ]);
    const next = await attemptWithdrawal(pending(), { token: 'sbk_t', fetch: doFetch, now: () => T0 });
    expect(calls).toEqual([
      { url: 'https://collector.invalid/v1/participants/p-1', method: 'DELETE', auth: 'Bearer sbk_t' },
    ]);
    expect(next).toMatchObject({ state: 'done', attempts: 1, deleted: { traces: 2, events: 7 } });
    expect(describeWithdrawal(next)).toBe(
      'You left "Sleep answers". The collector deleted 2 answers and 7 feedback items it held from you, and no longer accepts your access token.',
    );
  });

  it('keeps retrying with backoff while the collector cannot be reached or fails, and never says data was deleted', async () => {
    let w: Withdrawal = pending();
    for (const reply of ['network', { status: 503 }, { status: 500 }, { status: 429 }] as Reply[]) {
      const { doFetch } = fakeFetch([reply]);
      w = await attemptWithdrawal(w, { token: 't', fetch: doFetch, now: () => T0, random: () => 0.5 });
      expect(w.state).toBe('pending');
      expect(w.nextAttemptAt).toBeGreaterThan(T0);
      expect(w.deleted).toBeNull();
      const said = describeWithdrawal(w);
      expect(said).toMatch(/Nothing has been deleted there yet\. Stageback keeps trying/);
      expect(said).not.toMatch(/collector deleted/);
    }
    expect(w.attempts).toBe(4);
    expect(describeWithdrawal(w)).toContain('could not be reached yet');
  });

  it('stops on a refusal (401/403/404) and says nothing was deleted; 410 means an earlier request was carried out', async () => {
    const refused = await attemptWithdrawal(pending(), {
      token: 't',
      fetch: fakeFetch([{ status: 403, body: { error: 'a participant token may withdraw only its own participant' } }])
        .doFetch,
    });
    expect(refused).toMatchObject({ state: 'refused', nextAttemptAt: null, deleted: null });
    expect(describeWithdrawal(refused)).toMatch(
      /refused to delete your data: a participant token may withdraw only.*Nothing has been deleted there/,
    );

    const gone = await attemptWithdrawal(pending(), { token: 't', fetch: fakeFetch([{ status: 410 }]).doFetch });
    expect(gone).toMatchObject({ state: 'done', alreadyWithdrawn: true, deleted: null });
    expect(describeWithdrawal(gone)).toMatch(/already withdrawn: it deleted your data then/);
  });
});

describe('setUpWithdrawal (background)', () => {
  const newDb = useTestDbs('withdrawal');
  const settle = () => new Promise((r) => setTimeout(r, 30));

  it('retries a withdrawal the collector did not answer at its alarm, also in a restarted worker, until it is done', async () => {
    const db = await newDb();
    await writeWithdrawalToken(db, 'sbk_participant');
    let now = T0;
    const down = fakeFetch(['network', 'network']);
    const first = setUpWithdrawal(db, { fetch: down.doFetch, now: () => now, random: () => 0.99 });
    await withdrawalItem.setValue(pending());
    await settle();
    await first.run();
    const waiting = await loadWithdrawal();
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1, lastError: 'The collector could not be reached.' });
    expect(await fakeBrowser.alarms.get(WITHDRAWAL_ALARM)).toMatchObject({ scheduledTime: waiting?.nextAttemptAt });
    expect(await readWithdrawalToken(db)).toBe('sbk_participant'); // kept until the collector answers

    // The browser restarts: a new worker finds the request in storage and, once it is due, sends it.
    now = (waiting?.nextAttemptAt ?? 0) + 1;
    const up = fakeFetch([{ status: 200, body: { deleted: { traces: 1, events: 4 } } }]);
    const restarted = setUpWithdrawal(db, { fetch: up.doFetch, now: () => now });
    await settle();
    await restarted.run();
    expect(await loadWithdrawal()).toMatchObject({ state: 'done', attempts: 2, deleted: { traces: 1, events: 4 } });
    expect(up.calls).toHaveLength(1);
    expect(await readWithdrawalToken(db)).toBe('');
    expect(await db.secrets.get(SYNC_TOKEN_KEY)).toBeUndefined();
    expect(await fakeBrowser.alarms.get(WITHDRAWAL_ALARM)).toBeUndefined();
  });

  it('does not send a withdrawal before its retry time', async () => {
    const db = await newDb();
    const { doFetch, calls } = fakeFetch([{ status: 200, body: { deleted: { traces: 0, events: 0 } } }]);
    await withdrawalItem.setValue({ ...pending(), attempts: 1, nextAttemptAt: T0 + 60_000 });
    const bg = setUpWithdrawal(db, { fetch: doFetch, now: () => T0 });
    await bg.run();
    expect(calls).toHaveLength(0);
    expect(await fakeBrowser.alarms.get(WITHDRAWAL_ALARM)).toMatchObject({ scheduledTime: T0 + 60_000 });
  });
});
