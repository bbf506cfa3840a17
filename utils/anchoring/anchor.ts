import { type LocateOptions, locateInText, type SpanSelectors, type TextMatch } from './locate';
import { buildTextMap, type TextMap, type TextMapOptions } from './text-map';

export type { LocateOptions, MatchMethod, SpanSelectors, TextMatch } from './locate';
export { locateInText };

export interface AnchorOptions extends TextMapOptions, LocateOptions {
  /** A map of `root` built with the same options, shared when anchoring many labels at once. */
  textMap?: TextMap;
}

export interface Anchored extends TextMatch {
  range: Range;
}

/** A DOM range for stored selectors under `root`, or null: the label is orphaned and the caller lists it. */
export function anchor(root: Element, selectors: SpanSelectors, options: AnchorOptions = {}): Range | null {
  return anchorWithMatch(root, selectors, options)?.range ?? null;
}

/** Like `anchor`, with where the quote was found in the root's text, how and how well. */
export function anchorWithMatch(root: Element, selectors: SpanSelectors, options: AnchorOptions = {}): Anchored | null {
  const map = options.textMap ?? buildTextMap(root, options);
  const match = locateInText(map.text, selectors, options);
  if (!match) return null;
  const range = map.offsetsToRange(match.start, match.end);
  return range ? { ...match, range } : null;
}
