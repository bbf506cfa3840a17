import { useEffect, useRef, useState } from 'react';
import type { LogRow } from '../../storage/queries/log';
import { t } from '../../utils/i18n';
import { LogTableRow } from './LogTableRow';

export const ROW_HEIGHT = 48;
const OVERSCAN = 10;

interface Props {
  rows: readonly LogRow[];
  /** All matching rows, when known: sizes the scroll area for screen readers. */
  total: number | undefined;
  complete: boolean;
  selectedTraceId: string | undefined;
  siteName: (siteId: string) => string;
  onNeedRows: (upTo: number) => void;
  onOpen: (traceId: string) => void;
  onDelete: (eventId: string) => void;
}

/** A windowed table: fixed row height, only the visible rows plus overscan are in the DOM. */
export function LogTable({ rows, total, complete, selectedTraceId, siteName, onNeedRows, onOpen, onDelete }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    if (!complete && last + OVERSCAN * 4 >= rows.length) onNeedRows(rows.length + 200);
  }, [last, rows.length, complete, onNeedRows]);

  const visible = rows.slice(first, last);
  return (
    <div
      className="log-scroller"
      ref={scroller}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={-1}
      data-testid="log-scroller"
    >
      <table className="log-table" aria-label={t('logTableLabel')} aria-rowcount={(total ?? rows.length) + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">{t('logColWhen')}</th>
            <th scope="col">{t('logColSite')}</th>
            <th scope="col">{t('logColQuery')}</th>
            <th scope="col">{t('logColFeedback')}</th>
            <th scope="col">{t('logColOrigin')}</th>
            <th scope="col">{t('logColAbout')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('logColActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {first > 0 && (
            <tr className="spacer">
              <td colSpan={7} style={{ height: first * ROW_HEIGHT }} />
            </tr>
          )}
          {visible.map((row, i) => (
            <LogTableRow
              key={row.event.id}
              row={row}
              index={first + i}
              selected={row.event.traceId === selectedTraceId}
              siteName={siteName}
              onOpen={onOpen}
              onDelete={onDelete}
            />
          ))}
          {last < rows.length && (
            <tr className="spacer">
              <td colSpan={7} style={{ height: (rows.length - last) * ROW_HEIGHT }} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && complete && <p className="empty">{t('logTableEmpty')}</p>}
    </div>
  );
}
