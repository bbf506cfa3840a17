import { useEffect, useState } from 'react';
import { getDb } from '../../storage/db';
import { latestState } from '../../storage/exports/latest-state';
import { type TraceDetail as Detail, readTraceDetail } from '../../storage/queries/log';
import { describeEvent } from '../../utils/describe-event';
import { t, tParts } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { EventHistory } from './EventHistory';
import { HighlightedAnswer } from './HighlightedAnswer';
import { SourcesList } from './SourcesList';
import { SubqueriesList } from './SubqueriesList';
import { formatNumber } from './words';

interface Props {
  traceId: string;
  reloadKey: number;
  siteName: (siteId: string) => string;
  onClose: () => void;
  onDeleteEvent: (eventId: string) => void;
  onDeleteTrace: (traceId: string) => void;
}

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One answer: its query, its text with labelled spans, sub-queries, sources with grades, and its history. */
export function TraceDetail({ traceId, reloadKey, siteName, onClose, onDeleteEvent, onDeleteTrace }: Props) {
  const [detail, setDetail] = useState<Detail | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    setDetail(undefined);
    void readTraceDetail(getDb(), traceId).then((d) => live && setDetail(d ?? null));
    return () => {
      live = false;
    };
  }, [traceId, reloadKey]);

  if (detail === undefined) return <section className="detail" aria-busy="true" aria-label={t('logDetailLabel')} />;
  if (detail === null) {
    return (
      <section className="detail" aria-label={t('logDetailLabel')}>
        <p className="empty">{t('logDetailGone')}</p>
        <button type="button" onClick={onClose}>
          {t('logClose')}
        </button>
      </section>
    );
  }
  const { trace, events } = detail;
  const current = latestState(events);
  const general = current.filter(
    (e) => e.target.type === 'stage' && (e.stage === 'overall' || e.stage === 'answer' || e.stage === 'retrieval'),
  );
  return (
    <section className="detail" aria-labelledby="detail-title" data-testid="detail">
      <header>
        <h2 id="detail-title">{trace.query ? shown(trace.query) : t('logNoQuery')}</h2>
        <button type="button" onClick={onClose} aria-label={t('logCloseDetail')}>
          {t('logClose')}
        </button>
      </header>
      <p className="meta">
        {tParts('logDetailMeta', 3).map((part) =>
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
      <h3>{t('logDetailAnswer')}</h3>
      <HighlightedAnswer text={trace.answer.text} events={current} />
      {general.length > 0 && (
        <ul className="chips" aria-label={t('logDetailWholeAnswer')}>
          {general.map((e) => (
            <li key={e.id} className="chip">
              {e.kind === 'comment'
                ? t('logNamedText', describeEvent(e), shown(e.value))
                : e.kind === 'label' && e.value.text
                  ? t('logNamedText', describeEvent(e), shown(e.value.text))
                  : describeEvent(e)}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('logDetailSubqueries')}</h3>
      <SubqueriesList subqueries={trace.subqueries} events={current} />
      <h3>{t('logDetailSources')}</h3>
      <SourcesList sources={trace.sources} events={current} />
      <h3>{t('logDetailHistory', formatNumber(events.length))}</h3>
      <EventHistory events={events} onDelete={onDeleteEvent} />
      <p>
        <button type="button" className="danger" onClick={() => onDeleteTrace(trace.id)}>
          {t('logDeleteTrace')}
        </button>
      </p>
    </section>
  );
}
