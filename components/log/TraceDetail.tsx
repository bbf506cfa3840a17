import { useEffect, useState } from 'react';
import { getDb } from '../../storage/db';
import { latestState } from '../../storage/exports/latest-state';
import { type TraceDetail as Detail, readTraceDetail } from '../../storage/queries/log';
import { describeEvent } from '../../utils/describe-event';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { EventHistory } from './EventHistory';
import { HighlightedAnswer } from './HighlightedAnswer';
import { SourcesList } from './SourcesList';
import { SubqueriesList } from './SubqueriesList';

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

  if (detail === undefined) return <section className="detail" aria-busy="true" aria-label="Answer details" />;
  if (detail === null) {
    return (
      <section className="detail" aria-label="Answer details">
        <p className="empty">This answer is no longer stored.</p>
        <button type="button" onClick={onClose}>
          Close
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
        <h2 id="detail-title">{trace.query ? shown(trace.query) : '(no query)'}</h2>
        <button type="button" onClick={onClose} aria-label="Close the answer details">
          Close
        </button>
      </header>
      <p className="meta">
        {siteName(trace.siteId)} · captured {time.format(new Date(trace.capturedAt))} ·{' '}
        <a href={trace.pageUrl} target="_blank" rel="noreferrer">
          open the page
        </a>
      </p>
      <h3>Answer</h3>
      <HighlightedAnswer text={trace.answer.text} events={current} />
      {general.length > 0 && (
        <ul className="chips" aria-label="Feedback on the whole answer">
          {general.map((e) => (
            <li key={e.id} className="chip">
              {describeEvent(e)}
              {e.kind === 'comment' && `: ${shown(e.value)}`}
              {e.kind === 'label' && e.value.text && `: ${shown(e.value.text)}`}
            </li>
          ))}
        </ul>
      )}
      <h3>Sub-queries</h3>
      <SubqueriesList subqueries={trace.subqueries} events={current} />
      <h3>Sources</h3>
      <SourcesList sources={trace.sources} events={current} />
      <h3>History ({events.length})</h3>
      <EventHistory events={events} onDelete={onDeleteEvent} />
      <p>
        <button type="button" className="danger" onClick={() => onDeleteTrace(trace.id)}>
          Delete this answer and its feedback…
        </button>
      </p>
    </section>
  );
}
