import { browser } from 'wxt/browser';
import type { StagebackDB } from '../../storage/db';
import {
  attemptWithdrawal,
  loadWithdrawal,
  readWithdrawalToken,
  withdrawalItem,
  writeWithdrawalToken,
} from '../study/withdrawal';

export const WITHDRAWAL_ALARM = 'stageback-withdrawal';
/** Alarms fire 30 s at the earliest: a sooner retry also gets a timer while the worker is awake. */
const ALARM_FLOOR_MS = 30_000;

export interface WithdrawalDeps {
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
}

/**
 * Sends a pending withdrawal to the collector: at once when the options page asks (it writes the state), then at
 * each retry time (an alarm, which survives the worker and the browser stopping), and whenever the worker starts.
 */
export function setUpWithdrawal(db: StagebackDB, deps: WithdrawalDeps = {}) {
  const now = deps.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();

  const schedule = async (at: number) => {
    await browser.alarms.create(WITHDRAWAL_ALARM, { when: Math.max(at, now() + 1_000) });
    clearTimeout(timer);
    if (at - now() < ALARM_FLOOR_MS) timer = setTimeout(() => void run(), Math.max(0, at - now()) + 50);
  };

  const step = async () => {
    const w = await loadWithdrawal();
    if (w?.state !== 'pending') {
      clearTimeout(timer);
      await browser.alarms.clear(WITHDRAWAL_ALARM);
      return;
    }
    if (w.nextAttemptAt !== null && w.nextAttemptAt > now()) return schedule(w.nextAttemptAt);
    const next = await attemptWithdrawal(w, {
      token: await readWithdrawalToken(db),
      fetch: deps.fetch,
      now,
      random: deps.random,
    });
    // Written only over the same request: the participant may have dismissed it meanwhile.
    const current = await loadWithdrawal();
    if (current?.participantId !== w.participantId || current.requestedAt !== w.requestedAt) return;
    if (next.state === 'done') await writeWithdrawalToken(db, '');
    await withdrawalItem.setValue(next);
    if (next.state === 'pending' && next.nextAttemptAt !== null) await schedule(next.nextAttemptAt);
  };

  const run = (): Promise<void> => {
    chain = chain.then(step).catch((error: unknown) => console.warn('Stageback withdrawal failed', error));
    return chain;
  };

  withdrawalItem.watch(() => void run());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WITHDRAWAL_ALARM) void run();
  });
  void run();
  return { run };
}
