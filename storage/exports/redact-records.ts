import type { FeedbackEvent, Trace } from '../schema';
import { noRedaction, type Redact, redactUrl } from './redaction';

/** A trace with its free text redacted (query, page URL parameters, sub-queries, answer). */
export function redactTrace(trace: Trace, redact: Redact): Trace {
  if (redact === noRedaction) return trace;
  return {
    ...trace,
    pageUrl: redactUrl(trace.pageUrl, redact),
    query: redact(trace.query),
    subqueries: trace.subqueries.map((q) => ({ ...q, text: redact(q.text) })),
    answer: { ...trace.answer, text: redact(trace.answer.text) },
  };
}

/** An event with its free text redacted (comments, label text, edited text, copied text, span quotes). */
export function redactEvent(event: FeedbackEvent, redact: Redact): FeedbackEvent {
  if (redact === noRedaction) return event;
  const target =
    event.target.type === 'span'
      ? {
          ...event.target,
          quote: {
            ...event.target.quote,
            exact: redact(event.target.quote.exact),
            prefix: redact(event.target.quote.prefix),
            suffix: redact(event.target.quote.suffix),
          },
        }
      : event.target;
  const text = (v: string | null | string[]) => (typeof v === 'string' ? redact(v) : v);
  switch (event.kind) {
    case 'comment':
      return { ...event, target, value: redact(event.value) };
    case 'label':
      return {
        ...event,
        target,
        value: event.value.text === undefined ? event.value : { ...event.value, text: redact(event.value.text) },
      };
    case 'edit':
      // Arrays are reorder/rerank id lists, not text.
      return {
        ...event,
        target,
        value: { ...event.value, before: text(event.value.before), after: text(event.value.after) },
      };
    case 'implicit':
      return {
        ...event,
        target,
        value: event.value.text === undefined ? event.value : { ...event.value, text: redact(event.value.text) },
      };
    default:
      return { ...event, target };
  }
}
