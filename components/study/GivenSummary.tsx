import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../storage/db';
import { describeByStage, readContribution } from '../../utils/study/contributions';
import type { Enrolment } from '../../utils/study/enrolments';
import { ago } from '../../utils/sync/status-text';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "What I gave" for one study: the feedback recorded here while in it, by stage, the last upload, and what the
 * collector confirmed it holds (its receipts).
 */
export function GivenSummary({ enrolment, lastSentAt }: { enrolment: Enrolment; lastSentAt: number | null }) {
  const given = useLiveQuery(() => readContribution(getDb(), enrolment), [enrolment.enrolledAt, enrolment.leftAt]);
  const { receipts, leftAt } = enrolment;
  return (
    <div className="study-given" data-testid="study-given" data-study={enrolment.studyId}>
      <h3>
        {enrolment.studyName}
        {leftAt ? ` (left ${when(leftAt)})` : ''}
      </h3>
      <p data-testid="given-local">
        {given
          ? `You gave ${plural(given.events, 'feedback item', 'feedback items')} on ${plural(given.answers, 'answer', 'answers')}: ${describeByStage(given.byStage)}.`
          : 'Counting…'}
        {leftAt === null && ` Last upload: ${lastSentAt === null ? 'nothing sent yet' : ago(lastSentAt, Date.now())}.`}
      </p>
      <p data-testid="given-receipts">
        {receipts === null
          ? 'The collector has not confirmed anything yet.'
          : `${leftAt ? 'Before you left, the' : 'The'} collector confirmed it holds ${plural(receipts.traces, 'answer', 'answers')} and ${plural(receipts.events, 'feedback item', 'feedback items')} from you (${describeByStage(receipts.eventsByStage)})${
              enrolment.receiptsAt ? `, as of ${when(enrolment.receiptsAt)}` : ''
            }.`}
      </p>
    </div>
  );
}
