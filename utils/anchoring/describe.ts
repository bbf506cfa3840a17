import type { TextPositionSelector, TextQuoteSelector } from '../../storage/schema/selectors';
import { type LocateOptions, locateInText } from './locate';
import { isWhitespaceCode } from './normalise';
import { buildTextMap, type TextMap, type TextMapOptions } from './text-map';

/** Characters of context stored on each side of a quote. */
export const CONTEXT_LENGTH = 32;

export interface DescribedSpan {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

export interface DescribeOptions extends TextMapOptions, LocateOptions {
  /** A map of `root` built earlier with the same options, to skip rebuilding it. */
  textMap?: TextMap;
  contextLength?: number;
}

/**
 * Selectors over `answerText` (the adapter's text of the answer) for a DOM range inside `root`.
 * The range is read through a text map of the live DOM, then found again in the answer text,
 * which may differ slightly (the adapter may leave out citation chips). Null when the range
 * covers no text of the root, only whitespace, or text the answer does not contain.
 */
export function describeRange(
  root: Element,
  range: AbstractRange,
  answerText: string,
  options: DescribeOptions = {},
): DescribedSpan | null {
  const map = options.textMap ?? buildTextMap(root, options);
  const offsets = map.rangeToOffsets(range);
  if (!offsets) return null;
  let { start, end } = offsets;
  while (start < end && isWhitespaceCode(map.text.charCodeAt(start))) start++;
  while (end > start && isWhitespaceCode(map.text.charCodeAt(end - 1))) end--;
  if (start === end) return null;

  const contextLength = options.contextLength ?? CONTEXT_LENGTH;
  const live = quoteAt(map.text, start, end, contextLength);
  const found = locateInText(answerText, { quote: live, position: { start, end } }, options);
  if (!found) return null;
  return {
    quote: { type: 'TextQuoteSelector', ...quoteAt(answerText, found.start, found.end, contextLength) },
    position: { type: 'TextPositionSelector', start: found.start, end: found.end },
  };
}

function quoteAt(text: string, start: number, end: number, contextLength: number) {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - contextLength), start),
    suffix: text.slice(end, end + contextLength),
  };
}
