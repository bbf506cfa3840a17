import type { TraceDraft } from '../../storage/schema';

/** Fewer characters than this, and nothing cited or searched: a chat's short reply ("Sure!", "はい"). */
export const SHORT_TURN_CHARS = 200;

/**
 * Whether an answer is a short turn whose strip starts compact (the whole answer's thumbs and "More"). Measured in
 * characters, not words, so that a reply in Japanese or Chinese is measured as one in English is.
 */
export function isShortTurn(trace: Pick<TraceDraft, 'answer' | 'sources' | 'subqueries'>): boolean {
  return (
    trace.answer.complete &&
    trace.sources.length === 0 &&
    trace.subqueries.length === 0 &&
    trace.answer.text.trim().length < SHORT_TURN_CHARS
  );
}

/** Whether the strip is drawn compact now: a short turn the user has not opened out. */
export const isCompact = (s: { expanded: boolean; trace: Parameters<typeof isShortTurn>[0] }) =>
  !s.expanded && isShortTurn(s.trace);
