import { DEFAULT_NORMALISE, isWhitespaceCode, type NormaliseRule } from './normalise';

export interface TextMapOptions {
  /** CSS selectors of subtrees to leave out (the extension's own UI host, citation chips…). */
  exclude?: readonly string[];
  normalise?: NormaliseRule;
}

export interface TextOffsets {
  start: number;
  end: number;
}

/** An element's normalised text and the way back from each of its characters to the DOM. */
export interface TextMap {
  readonly root: Element;
  readonly text: string;
  /** The normalised characters a range covers (clamped to the root), or null when it covers none. */
  rangeToOffsets(range: AbstractRange): TextOffsets | null;
  /** A live DOM range over normalised characters [start, end), or null when they map to no text node. */
  offsetsToRange(start: number, end: number): Range | null;
}

/**
 * Characters textStart..textStart+length of the normalised text come one for one from
 * node.data[nodeStart..nodeStart+length]. A whitespace run collapsed to one space or a skipped
 * node ends a segment; separator spaces that came from block boundaries belong to no segment.
 */
interface Segment {
  node: Text;
  nodeStart: number;
  textStart: number;
  length: number;
}

/** Whitespace waiting to be written out: dropped at the ends (trim), collapsed between words. */
interface PendingWhitespace {
  node: Text | null;
  nodeStart: number;
  chars: string;
}

const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template']);
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

export function buildTextMap(root: Element, options: TextMapOptions = {}): TextMap {
  const rule = options.normalise ?? DEFAULT_NORMALISE;
  const excludeSelector = options.exclude?.length ? options.exclude.join(', ') : null;
  const segments: Segment[] = [];
  const textParts: string[] = [];
  let textLength = 0;
  let pending: PendingWhitespace[] = [];

  const emit = (node: Text, nodeStart: number, chars: string) => {
    const last = segments[segments.length - 1];
    if (
      last &&
      last.node === node &&
      last.nodeStart + last.length === nodeStart &&
      last.textStart + last.length === textLength
    ) {
      last.length += chars.length;
    } else {
      segments.push({ node, nodeStart, textStart: textLength, length: chars.length });
    }
    textParts.push(chars);
    textLength += chars.length;
  };
  const emitSynthetic = (chars: string) => {
    textParts.push(chars);
    textLength += chars.length;
  };

  const flushPending = (atEnd: boolean) => {
    const dropped = rule.trim && (textLength === 0 || atEnd);
    if (pending.length > 0 && !dropped) {
      if (rule.collapseWhitespace) {
        const fromText = pending.find((p) => p.node !== null);
        if (fromText?.node) emit(fromText.node, fromText.nodeStart, ' ');
        else emitSynthetic(' ');
      } else {
        for (const p of pending) {
          if (p.node) emit(p.node, p.nodeStart, p.chars);
          else emitSynthetic(p.chars);
        }
      }
    }
    pending = [];
  };

  const blockBoundary = () => {
    if (pending.length === 0) pending.push({ node: null, nodeStart: 0, chars: ' ' });
  };

  const visitText = (node: Text) => {
    const data = node.data;
    let i = 0;
    while (i < data.length) {
      const inWhitespace = isWhitespaceCode(data.charCodeAt(i));
      let j = i + 1;
      while (j < data.length && isWhitespaceCode(data.charCodeAt(j)) === inWhitespace) j++;
      if (inWhitespace) {
        pending.push({ node, nodeStart: i, chars: data.slice(i, j) });
      } else {
        flushPending(false);
        emit(node, i, data.slice(i, j));
      }
      i = j;
    }
  };

  const isSkipped = (element: Element) =>
    SKIPPED_TAGS.has(element.localName) ||
    element.getAttribute('aria-hidden') === 'true' ||
    element.hasAttribute('hidden') ||
    (excludeSelector !== null && element.matches(excludeSelector));

  const visitChildren = (parent: Node) => {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        visitText(child as Text);
      } else if (child.nodeType === ELEMENT_NODE) {
        const element = child as Element;
        if (isSkipped(element)) continue;
        const isBlock = rule.blockTags.has(element.localName);
        if (isBlock) blockBoundary();
        visitChildren(element);
        if (isBlock) blockBoundary();
      }
    }
  };

  visitChildren(root);
  flushPending(true);
  const text = textParts.join('');
  const doc = root.ownerDocument;
  const firstSegmentOfNode = new Map<Text, number>();
  segments.forEach((segment, index) => {
    if (!firstSegmentOfNode.has(segment.node)) firstSegmentOfNode.set(segment.node, index);
  });

  /** Selections mostly end inside text nodes: find those directly, without comparing tree positions. */
  const textOffsetIn = (node: Node, offset: number, edge: 'start' | 'end'): number | null => {
    const first = firstSegmentOfNode.get(node as Text);
    if (first === undefined) return null;
    let last = first;
    while (segments[last + 1]?.node === node) last++;
    if (edge === 'start') {
      for (let i = first; i <= last; i++) {
        const s = segments[i]!;
        if (s.nodeStart + s.length > offset) return s.textStart + Math.max(0, offset - s.nodeStart);
      }
      return segments[last + 1]?.textStart ?? textLength;
    }
    for (let i = last; i >= first; i--) {
      const s = segments[i]!;
      if (s.nodeStart < offset) return s.textStart + Math.min(s.length, offset - s.nodeStart);
    }
    const previous = segments[first - 1];
    return previous ? previous.textStart + previous.length : 0;
  };

  const rangeToOffsets = (range: AbstractRange): TextOffsets | null => {
    if (range.startContainer.ownerDocument !== doc || segments.length === 0) return null;
    try {
      const start =
        textOffsetIn(range.startContainer, range.startOffset, 'start') ??
        startOffsetOf(doc, segments, range.startContainer, range.startOffset, textLength);
      const end =
        textOffsetIn(range.endContainer, range.endOffset, 'end') ??
        endOffsetOf(doc, segments, range.endContainer, range.endOffset);
      return start < end ? { start, end } : null;
    } catch {
      // Boundary points in another tree (a detached node, a shadow root) cannot be compared.
      return null;
    }
  };

  const offsetsToRange = (start: number, end: number): Range | null => {
    const from = Math.max(0, start);
    const to = Math.min(textLength, end);
    if (from >= to) return null;
    const first = firstSegmentEndingAfter(segments, from);
    const last = lastSegmentStartingBefore(segments, to);
    const startSegment = segments[first];
    const endSegment = segments[last];
    if (!startSegment || !endSegment || first > last) return null;
    const range = doc.createRange();
    range.setStart(startSegment.node, startSegment.nodeStart + Math.max(0, from - startSegment.textStart));
    range.setEnd(endSegment.node, endSegment.nodeStart + Math.min(endSegment.length, to - endSegment.textStart));
    return range;
  };

  return { root, text, rangeToOffsets, offsetsToRange };
}

/** Index of the first segment whose last character is at or after `offset`; segments.length when none. */
function firstSegmentEndingAfter(segments: readonly Segment[], offset: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = segments[mid]!;
    if (s.textStart + s.length > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the last segment whose first character is before `offset`; -1 when none. */
function lastSegmentStartingBefore(segments: readonly Segment[], offset: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid]!.textStart < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** -1, 0 or 1 as (node, offset) is before, at or after the point the probe is collapsed at. */
type PointComparer = (node: Node, offset: number) => number;

function comparerAt(doc: Document, node: Node, offset: number): PointComparer {
  const probe = doc.createRange();
  probe.setStart(node, offset);
  probe.collapse(true);
  return (other, otherOffset) => probe.comparePoint(other, otherOffset);
}

/** The first normalised character at or after a boundary point. */
function startOffsetOf(doc: Document, segments: readonly Segment[], node: Node, offset: number, textLength: number) {
  const compare = comparerAt(doc, node, offset);
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = segments[mid]!;
    if (compare(s.node, s.nodeStart + s.length) > 0) hi = mid;
    else lo = mid + 1;
  }
  const segment = segments[lo];
  if (!segment) return textLength;
  if (compare(segment.node, segment.nodeStart) >= 0 || segment.node !== node) return segment.textStart;
  return segment.textStart + (offset - segment.nodeStart);
}

/** The normalised offset just past the last character before a boundary point. */
function endOffsetOf(doc: Document, segments: readonly Segment[], node: Node, offset: number) {
  const compare = comparerAt(doc, node, offset);
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = segments[mid]!;
    if (compare(s.node, s.nodeStart) < 0) lo = mid + 1;
    else hi = mid;
  }
  const segment = segments[lo - 1];
  if (!segment) return 0;
  if (compare(segment.node, segment.nodeStart + segment.length) <= 0 || segment.node !== node) {
    return segment.textStart + segment.length;
  }
  return segment.textStart + (offset - segment.nodeStart);
}
