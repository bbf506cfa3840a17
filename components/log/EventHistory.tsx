import type { FeedbackEvent } from '../../storage/schema';
import { describeEvent } from '../../utils/describe-event';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';

interface Props {
  events: readonly FeedbackEvent[];
  onDelete: (eventId: string) => void;
}

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function detailOf(event: FeedbackEvent): string {
  return shown(rawDetailOf(event));
}

function rawDetailOf(event: FeedbackEvent): string {
  switch (event.kind) {
    case 'comment':
      return event.value;
    case 'label':
      return [event.target.type === 'span' ? `“${event.target.quote.exact}”` : '', event.value.text ?? '']
        .filter(Boolean)
        .join(' — ');
    case 'edit':
      return Array.isArray(event.value.after) ? '' : (event.value.after ?? '');
    default:
      return '';
  }
}

/** Every event of one answer, oldest first, with what replaced or withdrew it. */
export function EventHistory({ events, onDelete }: Props) {
  const replacedBy = new Map(events.filter((e) => e.supersedes).map((e) => [e.supersedes as string, e]));
  return (
    <ol className="history" data-testid="detail-history">
      {events.map((event) => {
        const next = replacedBy.get(event.id);
        const state = next ? (next.kind === 'retraction' ? 'withdrawn' : 'changed later') : undefined;
        return (
          <li key={event.id} className={state ? 'superseded' : undefined}>
            <span className="when">{time.format(new Date(event.createdAt))}</span>
            <span className="what">
              {describeEvent(event)}
              {event.origin !== 'user' && <span className="meta"> · {event.origin.replaceAll('_', ' ')}</span>}
              {event.agent && <span className="meta"> · {event.agent.name}</span>}
              {state && <span className="meta"> · {state}</span>}
            </span>
            {detailOf(event) && <span className="detail-text">{detailOf(event)}</span>}
            <button type="button" onClick={() => onDelete(event.id)} aria-label={`Delete ${describeEvent(event)}`}>
              Delete
            </button>
          </li>
        );
      })}
    </ol>
  );
}
