import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../storage/db';
import { t } from '../../utils/i18n';
import { describeByStage, readContribution } from '../../utils/study/contributions';
import type { Enrolment } from '../../utils/study/enrolments';
import { ago } from '../../utils/sync/status-text';
import { tCount } from '../log/words';

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "What I gave" for one study: the feedback recorded here while in it, by stage, the last upload, and what the
 * collector confirmed it holds (its receipts).
 */
export function GivenSummary({ enrolment, lastSentAt }: { enrolment: Enrolment; lastSentAt: number | null }) {
  const given = useLiveQuery(() => readContribution(getDb(), enrolment), [enrolment.enrolledAt, enrolment.leftAt]);
  const { receipts, leftAt, receiptsAt } = enrolment;
  const receiptsText = () => {
    if (receipts === null) return t('studyNoReceipts');
    const counts = [
      tCount('studyCountAnswers', receipts.traces),
      tCount('studyCountItems', receipts.events),
      describeByStage(receipts.eventsByStage),
    ] as const;
    if (leftAt)
      return receiptsAt ? t('studyReceiptsLeftAsOf', ...counts, when(receiptsAt)) : t('studyReceiptsLeft', ...counts);
    return receiptsAt ? t('studyReceiptsAsOf', ...counts, when(receiptsAt)) : t('studyReceipts', ...counts);
  };
  return (
    <div className="study-given" data-testid="study-given" data-study={enrolment.studyId}>
      <h3>{leftAt ? t('studyLeft', enrolment.studyName, when(leftAt)) : enrolment.studyName}</h3>
      <p data-testid="given-local">
        {given
          ? t(
              'studyGave',
              tCount('studyCountItems', given.events),
              tCount('studyCountAnswers', given.answers),
              describeByStage(given.byStage),
            )
          : t('studyCounting')}
        {leftAt === null &&
          ` ${lastSentAt === null ? t('studyNothingSent') : t('studyLastUpload', ago(lastSentAt, Date.now()))}`}
      </p>
      <p data-testid="given-receipts">{receiptsText()}</p>
    </div>
  );
}
