import type { Origin } from '../../storage/labels';
import type { FeedbackEvent } from '../../storage/schema';
import { describeEvent } from '../../utils/describe-event';
import { type MessageKey, t } from '../../utils/i18n';
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
    case 'label': {
      const quote = event.target.type === 'span' ? event.target.quote.exact : '';
      const text = event.value.text ?? '';
      if (!quote) return text;
      return text ? t('logQuoteAndText', quote, text) : t('logQuoted', quote);
    }
    case 'edit':
      return Array.isArray(event.value.after) ? '' : (event.value.after ?? '');
    default:
      return '';
  }
}

/** Who an event came from, as a short tag after it (feedback the user gave has none). */
const ORIGIN_TAGS = {
  shadow: 'logHistoryOriginShadow',
  shadow_confirmed: 'logHistoryOriginShadowConfirmed',
  shadow_rejected: 'logHistoryOriginShadowRejected',
  implicit: 'logHistoryOriginImplicit',
} satisfies Record<Exclude<Origin, 'user'>, MessageKey>;

/** Every event of one answer, oldest first, with what replaced or withdrew it. */
export function EventHistory({ events, onDelete }: Props) {
  const replacedBy = new Map(events.filter((e) => e.supersedes).map((e) => [e.supersedes as string, e]));
  return (
    <ol className="history" data-testid="detail-history">
      {events.map((event) => {
        const next = replacedBy.get(event.id);
        const state = next
          ? t(next.kind === 'retraction' ? 'logHistoryWithdrawn' : 'logHistoryChangedLater')
          : undefined;
        const tag = event.origin === 'user' ? undefined : t(ORIGIN_TAGS[event.origin]);
        return (
          <li key={event.id} className={state ? 'superseded' : undefined}>
            <span className="when">{time.format(new Date(event.createdAt))}</span>
            <span className="what">
              {describeEvent(event)}
              {tag && <span className="meta"> · {tag}</span>}
              {event.agent && <span className="meta"> · {event.agent.name}</span>}
              {state && <span className="meta"> · {state}</span>}
            </span>
            {detailOf(event) && <span className="detail-text">{detailOf(event)}</span>}
            <button
              type="button"
              onClick={() => onDelete(event.id)}
              aria-label={t('logDeleteEvent', describeEvent(event))}
            >
              {t('logDelete')}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
