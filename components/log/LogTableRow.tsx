import type { LogRow } from '../../storage/queries/log';
import { describeEvent } from '../../utils/describe-event';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';

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
  const { event } = row;
  switch (event.kind) {
    case 'comment':
      return event.value;
    case 'label':
      if (event.target.type === 'span') return `“${event.target.quote.exact}”`;
      return event.value.text ?? '';
    case 'edit':
      return typeof event.value.after === 'string' ? event.value.after : '';
    default:
      return '';
  }
}

export function LogTableRow({ row, index, selected, siteName, onOpen, onDelete }: Props) {
  const { event, trace } = row;
  const query = trace ? shown(trace.query || trace.pageUrl) : '(answer not stored)';
  return (
    <tr aria-rowindex={index + 2} aria-selected={selected} data-testid="log-row" data-event-id={event.id}>
      <td className="when">{time.format(new Date(event.createdAt))}</td>
      <td className="site">{trace ? siteName(trace.siteId) : ''}</td>
      <td className="query">
        <button type="button" className="link" onClick={() => onOpen(event.traceId)} title={query}>
          {query}
        </button>
      </td>
      <td className="what">{describeEvent(event)}</td>
      <td className="origin">{event.origin.replaceAll('_', ' ')}</td>
      <td className="note" title={noteOf(row)}>
        {noteOf(row)}
      </td>
      <td className="row-actions">
        <button
          type="button"
          aria-label={`Delete “${describeEvent(event)}” on “${query}”`}
          onClick={() => onDelete(event.id)}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
