/** How an element's text becomes answer text: the rule the text map applies node by node. */
export interface NormaliseRule {
  /** Collapse every run of whitespace to one space. */
  collapseWhitespace: boolean;
  /** Drop whitespace at both ends. */
  trim: boolean;
  /** Lower-case tag names whose start and end separate words, as a space would. */
  blockTags: ReadonlySet<string>;
}

export const DEFAULT_BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

export const DEFAULT_NORMALISE: NormaliseRule = {
  collapseWhitespace: true,
  trim: true,
  blockTags: DEFAULT_BLOCK_TAGS,
};

/** The characters `/\s/` matches, so the text map agrees with adapters that normalise with `replace(/\s+/g, ' ')`. */
export function isWhitespaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 5760 ||
    (code >= 8192 && code <= 8202) ||
    code === 8232 ||
    code === 8233 ||
    code === 8239 ||
    code === 8287 ||
    code === 12288 ||
    code === 65279
  );
}

/** A plain string normalised by the rule's whitespace part (block boundaries need a DOM: see the text map). */
export function normaliseText(text: string, rule: NormaliseRule = DEFAULT_NORMALISE): string {
  let out = rule.collapseWhitespace ? text.replace(/\s+/g, ' ') : text;
  if (rule.trim) out = out.trim();
  return out;
}
