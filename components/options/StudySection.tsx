import { useState } from 'react';
import { getDb } from '../../storage/db';
import { deleteAll } from '../../storage/delete';
import { readSyncToken, writeSyncToken } from '../../storage/secrets';
import { t, tn } from '../../utils/i18n';
import { currentEnrolment, type Enrolment, updateEnrolment } from '../../utils/study/enrolments';
import { refreshReceipts } from '../../utils/study/refresh-receipts';
import {
  describeWithdrawal,
  newWithdrawal,
  type Withdrawal,
  withdrawalItem,
  writeWithdrawalToken,
} from '../../utils/study/withdrawal';
import { loadSyncSettings, syncSettingsItem } from '../../utils/sync/settings';
import { GivenSummary } from '../study/GivenSummary';
import { useStudies } from '../study/use-studies';
import { JoinStudy } from './JoinStudy';
import { withSlots } from './slots';

/** Joining and leaving research studies, and what the participant gave to each. */
export function StudySection() {
  const view = useStudies();
  if (!view) return null;
  const current = currentEnrolment(view.enrolments);
  const { withdrawal } = view;
  const canJoin = !current && (withdrawal === null || withdrawal.state === 'done');
  return (
    <section aria-labelledby="study-heading">
      <h2 id="study-heading">{t('optionsStudyHeading')}</h2>
      <p className="hint">{t('optionsStudyHint')}</p>
      {withdrawal && <WithdrawalPanel withdrawal={withdrawal} />}
      {current && <CurrentStudy enrolment={current} />}
      {canJoin && <JoinStudy />}
      {view.enrolments.length > 0 && (
        <section aria-labelledby="given-heading">
          <h3 id="given-heading">{t('optionsStudyGivenHeading')}</h3>
          {[...view.enrolments].reverse().map((e) => (
            <GivenSummary key={e.participantId} enrolment={e} lastSentAt={view.lastSentAt} />
          ))}
        </section>
      )}
    </section>
  );
}

function CurrentStudy({ enrolment }: { enrolment: Enrolment }) {
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const refresh = async () => {
    setNote(null);
    const answer = await refreshReceipts(getDb());
    if (answer && 'ok' in answer) setNote(t('optionsStudyAskFailed', answer.message));
  };

  const leave = async () => {
    const db = getDb();
    // Sending stops first; the token moves to the withdrawal, which the background sends (and retries).
    const settings = await loadSyncSettings();
    await syncSettingsItem.setValue({ ...settings, enabled: false, tokenSavedAt: null, studyId: '' });
    await writeWithdrawalToken(db, await readSyncToken(db));
    await writeSyncToken(db, '');
    // What was waiting for this study is not sent anywhere later.
    await db.outbox.clear();
    const at = Date.now();
    await updateEnrolment(enrolment.participantId, (e) => ({ ...e, leftAt: new Date(at).toISOString() }));
    await withdrawalItem.setValue(newWithdrawal(enrolment, at));
  };

  return (
    <div className="study-current" data-testid="study-current">
      <p>
        {withSlots(
          'optionsStudyCurrent',
          <strong>{enrolment.studyName}</strong>,
          enrolment.collector,
          <code>{enrolment.participantId}</code>,
        )}
      </p>
      <p>
        <button type="button" onClick={() => void refresh()} data-testid="study-refresh">
          {t('optionsStudyRefresh')}
        </button>{' '}
        {!confirming && (
          <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="study-leave">
            {t('optionsStudyLeave')}
          </button>
        )}
      </p>
      {confirming && (
        <section className="consent" aria-label={t('optionsStudyLeaveLabel')}>
          <p>{t('optionsStudyLeaveExplain')}</p>
          <p>
            <button type="button" className="danger" onClick={() => void leave()} data-testid="study-leave-confirm">
              {t('optionsStudyLeaveConfirm')}
            </button>{' '}
            <button type="button" className="link" onClick={() => setConfirming(false)}>
              {t('optionsStudyStay')}
            </button>
          </p>
        </section>
      )}
      {note && (
        <p className="hint" role="status">
          {note}
        </p>
      )}
    </div>
  );
}

function WithdrawalPanel({ withdrawal: w }: { withdrawal: Withdrawal }) {
  const [busy, setBusy] = useState(false);
  const retry = () => void withdrawalItem.setValue({ ...w, state: 'pending', nextAttemptAt: Date.now() });
  const deleteLocal = async () => {
    setBusy(true);
    try {
      const deleted = await deleteAll(getDb());
      await withdrawalItem.setValue({ ...w, localDeleted: deleted });
    } finally {
      setBusy(false);
    }
  };
  const done = w.state === 'done';
  return (
    <div className="withdrawal" data-testid="withdrawal">
      <p role="status" className={w.state === 'refused' ? 'error' : undefined} data-testid="withdrawal-status">
        {describeWithdrawal(w)}
      </p>
      {!done && w.attempts > 0 && (
        <p>
          <button type="button" onClick={retry} data-testid="withdrawal-retry">
            {t('optionsWithdrawalRetry')}
          </button>
        </p>
      )}
      {done && w.localDeleted === null && (
        <p>
          {t('optionsWithdrawalKeepsCopy')}{' '}
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void deleteLocal()}
            data-testid="withdrawal-delete-local"
          >
            {t('optionsWithdrawalDeleteLocal')}
          </button>{' '}
          <button
            type="button"
            className="link"
            onClick={() => void withdrawalItem.setValue(null)}
            data-testid="withdrawal-keep-local"
          >
            {t('optionsWithdrawalKeep')}
          </button>
        </p>
      )}
      {done && w.localDeleted !== null && (
        <p role="status" data-testid="withdrawal-local">
          {t(
            'optionsWithdrawalDeleted',
            tn('optionsFeedbackItems', w.localDeleted.events),
            tn('optionsAnswers', w.localDeleted.traces),
          )}{' '}
          <button type="button" className="link" onClick={() => void withdrawalItem.setValue(null)}>
            {t('optionsDone')}
          </button>
        </p>
      )}
    </div>
  );
}
