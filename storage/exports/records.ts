import type { Origin } from '../labels';
import type { FeedbackEvent, Trace } from '../schema';
import type { FormatOption, FormatOptionValues } from './format';
import type { Redact } from './redaction';

/**
 * Origins that are the user's own judgement. Training formats (TREC, DPO, KTO, FG-RLHF, decomposition) use
 * only these: an agent's unconfirmed or rejected proposal and passive signals are not judgements.
 */
export const JUDGEMENT_ORIGINS: readonly Origin[] = ['user', 'shadow_confirmed'];
export const isJudgement = (event: FeedbackEvent) => JUDGEMENT_ORIGINS.includes(event.origin);

/** The training formats' choice to add the agent's open (unanswered) proposals, marked as unconfirmed. */
export const UNCONFIRMED_OPTION = {
  id: 'unconfirmed',
  type: 'boolean',
  label: 'Add suggestions you have not answered yet',
  hint: 'Stageback’s suggestions that you neither confirmed nor turned down, each marked as unconfirmed. Off: only your own feedback and the suggestions you confirmed.',
  default: false,
} as const satisfies FormatOption;

/** Judgements, and with the `unconfirmed` option also the open proposals. */
export function judgedWith(options: FormatOptionValues): (event: FeedbackEvent) => boolean {
  const open = options.unconfirmed === true;
  return (event) => isJudgement(event) || (open && event.origin === 'shadow');
}

/** Where a judgement came from, for rows made from an agent's proposal (empty for the user's own). */
export function provenanceOf(event: FeedbackEvent): {
  origin?: FeedbackEvent['origin'];
  agent?: { name: string; version: string; confidence: number };
  unconfirmed?: true;
} {
  if (!event.agent) return {};
  return {
    origin: event.origin,
    agent: { ...event.agent },
    ...(event.origin === 'shadow' ? { unconfirmed: true as const } : {}),
  };
}

/** The text a span, citation or sub-query target points at, read from the (redacted) trace. */
export function targetText(trace: Trace, event: FeedbackEvent, redact: Redact, redactedAnswer: string): string {
  const target = event.target;
  switch (target.type) {
    case 'span': {
      const { start, end } = target.position;
      // Cut from the redacted answer so a mask that straddles the span edge still hides everything.
      if (trace.answer.text.slice(start, end) === target.quote.exact) return redactedAnswer.slice(start, end);
      return redact(target.quote.exact);
    }
    case 'citation': {
      const sentence = trace.answer.sentences.find((s) => s.id === target.sentenceId);
      return sentence ? redactedAnswer.slice(sentence.start, sentence.end) : '';
    }
    case 'subquery':
      return redact(trace.subqueries.find((q) => q.id === target.subqueryId)?.text ?? '');
    default:
      return '';
  }
}

export function sourceOf(trace: Trace, event: FeedbackEvent) {
  const target = event.target;
  if (target.type !== 'source' && target.type !== 'citation') return undefined;
  return trace.sources.find((s) => s.id === target.sourceId);
}

/** Memoises the redacted answer of the trace being formatted (redaction can be costly on long answers). */
export function redactedAnswerOf(redact: Redact): (trace: Trace) => string {
  let last: Trace | undefined;
  let text = '';
  return (trace) => {
    if (trace !== last) {
      last = trace;
      text = redact(trace.answer.text);
    }
    return text;
  };
}

/** The last event (createdAt order) that `pick` accepts. */
export function lastOf<T extends FeedbackEvent>(events: readonly FeedbackEvent[], pick: (e: FeedbackEvent) => e is T) {
  let found: T | undefined;
  for (const e of events) if (pick(e)) found = e;
  return found;
}
