import { useEffect, useMemo, useState } from 'react';
import { getDb } from '../../storage/db';
import { latestState } from '../../storage/exports/latest-state';
import { type LogRow, readTraceDetail, type TraceDetail } from '../../storage/queries/log';
import { describeEvent } from '../../utils/describe-event';
import { describeTarget, targetWords as targetWordsOf } from '../../utils/describe-target';
import { t, tParts } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { HighlightedAnswer } from './HighlightedAnswer';

interface Props {
  rows: readonly LogRow[];
  complete: boolean;
  reloadKey: number;
  siteName: (siteId: string) => string;
  onNeedRows: (upTo: number) => void;
  onOpen: (traceId: string) => void;
}

const SHOWN_AT_FIRST = 10;
const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The loaded feedback grouped by answer, newest feedback first (the order the log reads events in). */
function answersOf(rows: readonly LogRow[]): { traceId: string; rows: LogRow[] }[] {
  const groups = new Map<string, LogRow[]>();
  for (const row of rows) groups.set(row.event.traceId, [...(groups.get(row.event.traceId) ?? []), row]);
  return [...groups].map(([traceId, grouped]) => ({ traceId, rows: grouped }));
}

/** The log as answers: each with its query, site, text with labelled spans, and the feedback on it in words. */
export function AnswersView({ rows, complete, reloadKey, siteName, onNeedRows, onOpen }: Props) {
  const [shown_, setShown] = useState(SHOWN_AT_FIRST);
  const answers = useMemo(() => answersOf(rows), [rows]);
  // Enough events loaded to fill the answers asked for (an answer's feedback may span several pages of events).
  useEffect(() => {
    if (!complete && answers.length <= shown_) onNeedRows(rows.length + 200);
  }, [complete, answers.length, shown_, rows.length, onNeedRows]);

  if (rows.length === 0 && complete) return <p className="empty">{t('logAnswersEmpty')}</p>;
  return (
    <section className="answers" aria-label={t('logAnswersLabel')} data-testid="answers-view">
      {answers.slice(0, shown_).map((answer) => (
        <AnswerCard
          key={answer.traceId}
          traceId={answer.traceId}
          reloadKey={reloadKey}
          siteName={siteName}
          onOpen={onOpen}
        />
      ))}
      {(answers.length > shown_ || !complete) && (
        <button type="button" onClick={() => setShown((n) => n + SHOWN_AT_FIRST)}>
          {t('logShowMoreAnswers')}
        </button>
      )}
    </section>
  );
}

function AnswerCard({
  traceId,
  reloadKey,
  siteName,
  onOpen,
}: {
  traceId: string;
  reloadKey: number;
  siteName: (siteId: string) => string;
  onOpen: (traceId: string) => void;
}) {
  const [detail, setDetail] = useState<TraceDetail | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void readTraceDetail(getDb(), traceId).then((d) => live && setDetail(d ?? null));
    return () => {
      live = false;
    };
  }, [traceId, reloadKey]);
  if (detail === undefined) return <article className="answer-card" aria-busy="true" />;
  if (detail === null) {
    return (
      <article className="answer-card">
        <p className="empty">{t('logAnswerGone')}</p>
      </article>
    );
  }
  const { trace, events } = detail;
  const current = latestState(events).filter((e) => e.kind !== 'retraction');
  const query = trace.query ? shown(trace.query) : t('logNoQuery');
  return (
    <article className="answer-card" aria-labelledby={`answer-${trace.id}`} data-testid="answer-card">
      <header>
        <h3 id={`answer-${trace.id}`}>
          <button type="button" className="link" onClick={() => onOpen(trace.id)}>
            {query}
          </button>
        </h3>
        <p className="meta">
          {tParts('logAnswerMeta', 3).map((part) =>
            part === 0 ? (
              siteName(trace.siteId)
            ) : part === 1 ? (
              time.format(new Date(trace.capturedAt))
            ) : part === 2 ? (
              <a key="page" href={trace.pageUrl} target="_blank" rel="noreferrer">
                {t('logOpenPage')}
              </a>
            ) : (
              part
            ),
          )}
        </p>
      </header>
      <HighlightedAnswer text={trace.answer.text} events={current} testId="answer-card-text" />
      <ul className="answer-feedback" aria-label={t('logFeedbackOnQuery', query)}>
        {current.map((event) => {
          const about = describeTarget(event, targetsOf(trace));
          const comment = event.kind === 'comment' ? t('logFeedbackComment', shown(event.value)) : '';
          return (
            <li key={event.id}>
              <span className="what">{describeEvent(event)}</span>
              {about && <span className="about"> {t('logFeedbackAbout', about)}</span>}
              {comment && <span className="about">{comment}</span>}
            </li>
          );
        })}
      </ul>
    </article>
  );
}

const targetCache = new WeakMap<object, ReturnType<typeof targetWordsOf>>();
function targetsOf(trace: TraceDetail['trace']) {
  let words = targetCache.get(trace);
  if (!words) {
    words = targetWordsOf(trace);
    targetCache.set(trace, words);
  }
  return words;
}
