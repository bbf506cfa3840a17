import type { FeedbackEvent } from '../../storage/schema';

export interface SpanRange {
  start: number;
  end: number;
  label: string;
  eventId: string;
}

export interface AnswerSegment {
  start: number;
  end: number;
  text: string;
  /** Labels of every span covering this piece; empty for plain text. */
  labels: string[];
  /** Labels whose span ends with this piece: where their name is shown. */
  endingLabels: string[];
}

/** Where a span label sits in the answer: its position if the quote is still there, else the quote found by text. */
export function locateSpan(text: string, event: FeedbackEvent): SpanRange | undefined {
  if (event.kind !== 'label' || event.target.type !== 'span') return undefined;
  const { quote, position } = event.target;
  const base = { label: event.value.label, eventId: event.id };
  if (position.end <= text.length && text.slice(position.start, position.end) === quote.exact) {
    return { ...base, start: position.start, end: position.end };
  }
  const withContext = text.indexOf(quote.prefix + quote.exact + quote.suffix);
  if (withContext >= 0) {
    const start = withContext + quote.prefix.length;
    return { ...base, start, end: start + quote.exact.length };
  }
  const bare = text.indexOf(quote.exact);
  return bare >= 0 ? { ...base, start: bare, end: bare + quote.exact.length } : undefined;
}

/** Splits the answer into plain and labelled pieces; overlapping spans split into pieces carrying both labels. */
export function answerSegments(text: string, spans: readonly SpanRange[]): AnswerSegment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
  const segments: AnswerSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    if (end <= start) continue;
    const covering = spans.filter((s) => s.start <= start && s.end >= end);
    segments.push({
      start,
      end,
      text: text.slice(start, end),
      labels: [...new Set(covering.map((s) => s.label))],
      endingLabels: [...new Set(covering.filter((s) => s.end === end).map((s) => s.label))],
    });
  }
  return segments;
}
