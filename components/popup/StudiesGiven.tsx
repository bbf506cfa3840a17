import { t } from '../../utils/i18n';
import { describeWithdrawal } from '../../utils/study/withdrawal';
import { GivenSummary } from '../study/GivenSummary';
import { useStudies } from '../study/use-studies';

/** The popup's "What you gave" per study, and a withdrawal still in progress. Loaded lazily, after the counts. */
export default function StudiesGiven() {
  const view = useStudies();
  if (!view || (view.enrolments.length === 0 && view.withdrawal === null)) return null;
  const { withdrawal } = view;
  const withdrawing = withdrawal !== null && withdrawal.state !== 'done';
  return (
    <section aria-labelledby="studies-heading" data-testid="popup-studies">
      <h2 id="studies-heading">{t('popupStudiesHeading')}</h2>
      {withdrawal && withdrawing && (
        <p role="status" data-testid="popup-withdrawal">
          {describeWithdrawal(withdrawal)}
        </p>
      )}
      {[...view.enrolments].reverse().map((e) => (
        <GivenSummary key={e.participantId} enrolment={e} lastSentAt={view.lastSentAt} />
      ))}
    </section>
  );
}
