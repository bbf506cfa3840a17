/**
 * Plain text of a DOM subtree with exact offsets for chosen elements, read from
 * `textContent` of text nodes only (never rendered as HTML). Whitespace is normalised
 * deterministically: runs collapse to one space, block boundaries become one "\n",
 * and the result has no leading or trailing whitespace, so offsets index into it exactly.
 */
export interface ExtractOptions {
  /** Elements (with their subtrees) to leave out, besides scripts, styles, icons, controls and `[hidden]`. */
  skip?: string;
  /** Elements to leave out, decided per element where a selector cannot say it. */
  skipElement?: (el: Element) => boolean;
  /** Elements whose text ranges are reported, e.g. Google's `span[data-huuid]` sentences. */
  marks?: string;
  /** Elements reported as a zero-length range at their position and not read (inline citation chips). */
  points?: string;
  /**
   * `aria-hidden="true"` subtrees are UI chrome and skipped, except those that hold a mark
   * (Google hides the collapsed part of an Overview this way while its text is the answer).
   */
  keepHiddenWithMarks?: boolean;
}

export interface MarkedRange {
  element: Element;
  start: number;
  end: number;
}

export interface ExtractedText {
  text: string;
  marks: MarkedRange[];
  points: MarkedRange[];
}

/** Never answer text: code, styles, icons and controls (compared by tag name, cheaper than a selector). */
const ALWAYS_SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'BUTTON',
  'TEXTAREA',
  'INPUT',
  'SELECT',
]);

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export function extractText(root: Element, options: ExtractOptions = {}): ExtractedText {
  const out = new TextBuilder();
  const marks: MarkedRange[] = [];
  const points: MarkedRange[] = [];

  const visit = (el: Element): void => {
    if (options.points && el.matches(options.points)) {
      points.push({ element: el, start: out.position(), end: out.position() });
      return;
    }
    if (ALWAYS_SKIPPED.has(el.tagName.toUpperCase()) || el.hasAttribute('hidden')) return;
    if ((options.skip && el.matches(options.skip)) || options.skipElement?.(el)) return;
    if (el.getAttribute('aria-hidden') === 'true') {
      const keep =
        options.keepHiddenWithMarks && options.marks && (el.matches(options.marks) || el.querySelector(options.marks));
      if (!keep) return;
    }
    const isMark = options.marks ? el.matches(options.marks) : false;
    const block = BLOCK_TAGS.has(el.tagName.toUpperCase());
    if (block) out.breakLine();
    const startToken = isMark ? out.openMark() : null;
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) out.append((child as Text).data);
      else if (child.nodeType === ELEMENT_NODE) visit(child as Element);
    }
    if (startToken) marks.push({ element: el, ...out.closeMark(startToken) });
    if (block) out.breakLine();
  };
  visit(root);
  return { text: out.toString(), marks, points };
}

interface MarkToken {
  start: number | null;
}

class TextBuilder {
  private parts: string[] = [];
  private length = 0;
  private pending: '' | ' ' | '\n' = '';
  private open: MarkToken[] = [];

  append(raw: string): void {
    const text = raw.replace(ZERO_WIDTH, '').replace(/\s+/g, ' ');
    if (text === '' || text === ' ') {
      if (text === ' ') this.space();
      return;
    }
    if (text.startsWith(' ')) this.space();
    const body = text.trim();
    if (this.length > 0 && this.pending) this.push(this.pending);
    this.pending = '';
    for (const token of this.open) if (token.start === null) token.start = this.length;
    this.push(body);
    if (text.endsWith(' ')) this.space();
  }

  /** Where the next character would go, before any pending separator. */
  position(): number {
    return this.length;
  }

  breakLine(): void {
    this.pending = '\n';
  }

  openMark(): MarkToken {
    const token: MarkToken = { start: null };
    this.open.push(token);
    return token;
  }

  closeMark(token: MarkToken): { start: number; end: number } {
    this.open.splice(this.open.indexOf(token), 1);
    const start = token.start ?? this.length;
    return { start, end: this.length };
  }

  toString(): string {
    return this.parts.join('');
  }

  private space(): void {
    if (this.pending === '') this.pending = ' ';
  }

  private push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
}

/** Several blocks read as one text, joined by "\n", with marks and points shifted to match. */
export function extractBlocks(blocks: Iterable<Element>, options: ExtractOptions = {}): ExtractedText {
  let text = '';
  const marks: MarkedRange[] = [];
  const points: MarkedRange[] = [];
  for (const block of blocks) {
    const part = extractText(block, options);
    if (!part.text) continue;
    const offset = text ? text.length + 1 : 0;
    text = text ? `${text}\n${part.text}` : part.text;
    const shift = (r: MarkedRange) => ({ element: r.element, start: r.start + offset, end: r.end + offset });
    marks.push(...part.marks.map(shift));
    points.push(...part.points.map(shift));
  }
  return { text, marks, points };
}
