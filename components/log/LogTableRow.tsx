import type { LogRow } from '../../storage/queries/log';
import { describeEvent } from '../../utils/describe-event';
import { describeTarget } from '../../utils/describe-target';
import { t } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { originName } from './filter-words';

interface Props {
  row: LogRow;
  index: number;
  selected: boolean;
  siteName: (siteId: string) => string;
  onOpen: (traceId: string) => void;
  onDelete: (eventId: string) => void;
}

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The free text an event carries, shown in the "Note" column. */
function noteOf(row: LogRow): string {
  return shown(rawNoteOf(row));
}

function rawNoteOf(row: LogRow): string {
  const { event, trace } = row;
  const about = describeTarget(event, trace?.targets);
  const text = (() => {
    switch (event.kind) {
      case 'comment':
        return event.value;
      case 'label':
        return event.target.type === 'span' ? '' : (event.value.text ?? '');
      case 'edit':
        return typeof event.value.after === 'string' ? event.value.after : '';
      default:
        return '';
    }
  })();
  if (!text) return about;
  return about ? t('logAboutAndQuote', about, text) : t('logQuoted', text);
}

export function LogTableRow({ row, index, selected, siteName, onOpen, onDelete }: Props) {
  const { event, trace } = row;
  const query = trace ? shown(trace.query || trace.pageUrl) : t('logAnswerNotStored');
  return (
    <tr aria-rowindex={index + 2} aria-selected={selected} data-testid="log-row" data-event-id={event.id}>
      <td className="when">{time.format(new Date(event.createdAt))}</td>
      <td className="site">{trace ? siteName(trace.siteId) : ''}</td>
      <td className="query">
        <button type="button" className="link" onClick={() => onOpen(event.traceId)} title={query}>
          {query}
        </button>
      </td>
      <td className="what">
        <span className="clamp">{describeEvent(event)}</span>
      </td>
      <td className="origin">
        <span className="clamp">{originName(event.origin)}</span>
      </td>
      <td className="note" title={noteOf(row)}>
        <span className="clamp">{noteOf(row)}</span>
      </td>
      <td className="row-actions">
        <button
          type="button"
          aria-label={t('logDeleteEventOn', describeEvent(event), query)}
          onClick={() => onDelete(event.id)}
        >
          {t('logDelete')}
        </button>
      </td>
    </tr>
  );
}
