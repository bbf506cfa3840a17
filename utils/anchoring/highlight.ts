import { SPAN_LABELS } from '../../storage/labels';

export type SpanLabel = (typeof SPAN_LABELS)[number];

export interface HighlightStyle {
  /** Underline shape: what tells labels apart without relying on colour. */
  line: 'wavy' | 'dotted' | 'dashed' | 'double' | 'solid';
  /** Underline colour on light pages (at least 4.5:1 on white) and on dark pages (at least 4.5:1 on #202124). */
  colour: { light: string; dark: string };
  /** A translucent tint: the site's text colour keeps its contrast on light and dark pages. */
  background: string;
}

export const HIGHLIGHT_STYLES: Record<SpanLabel, HighlightStyle> = {
  incorrect: { line: 'wavy', colour: { light: '#b3261e', dark: '#ff8a80' }, background: 'rgb(220 38 38 / 0.14)' },
  unverifiable: { line: 'dotted', colour: { light: '#8a4b00', dark: '#ffb74d' }, background: 'rgb(217 119 6 / 0.16)' },
  irrelevant: { line: 'dashed', colour: { light: '#4d5660', dark: '#c4cbd3' }, background: 'rgb(107 114 128 / 0.16)' },
  repetitive: { line: 'double', colour: { light: '#6a1b9a', dark: '#e1a6ff' }, background: 'rgb(147 51 234 / 0.13)' },
  incoherent: { line: 'solid', colour: { light: '#0b57d0', dark: '#8ab4f8' }, background: 'rgb(37 99 235 / 0.13)' },
};

export const DEFAULT_HIGHLIGHT_PREFIX = 'stageback';

export interface Highlighter {
  /** False where the CSS Custom Highlight API is missing (jsdom, old browsers): every call is a no-op. */
  readonly supported: boolean;
  /** Paints `range` as `label`, replacing what `labelId` painted before. */
  set(labelId: string, range: AbstractRange, label: SpanLabel): void;
  delete(labelId: string): void;
  clear(): void;
}

export function highlightName(label: SpanLabel, prefix = DEFAULT_HIGHLIGHT_PREFIX): string {
  return `${prefix}-${label}`;
}

/**
 * Paints ranges through `CSS.highlights`, one `Highlight` per label type, so the site's DOM is
 * never touched and a re-render cannot be broken by our markup.
 */
export function createHighlighter(doc: Document, options: { namePrefix?: string } = {}): Highlighter {
  const prefix = options.namePrefix ?? DEFAULT_HIGHLIGHT_PREFIX;
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  const registry = view?.CSS && 'highlights' in view.CSS ? view.CSS.highlights : undefined;
  const HighlightClass = view && 'Highlight' in view ? view.Highlight : undefined;
  if (!registry || !HighlightClass) {
    return { supported: false, set() {}, delete() {}, clear() {} };
  }

  const painted = new Map<string, { label: SpanLabel; range: AbstractRange }>();
  const highlightOf = (label: SpanLabel, create: boolean): Highlight | undefined => {
    const name = highlightName(label, prefix);
    let highlight = registry.get(name);
    if (!highlight && create) {
      highlight = new HighlightClass();
      // Errors that matter most paint on top where labels overlap.
      highlight.priority = SPAN_LABELS.length - SPAN_LABELS.indexOf(label);
      registry.set(name, highlight);
    }
    return highlight;
  };
  const remove = (labelId: string) => {
    const entry = painted.get(labelId);
    if (!entry) return;
    painted.delete(labelId);
    const highlight = highlightOf(entry.label, false);
    highlight?.delete(entry.range);
    if (highlight?.size === 0) registry.delete(highlightName(entry.label, prefix));
  };

  return {
    supported: true,
    set(labelId, range, label) {
      remove(labelId);
      highlightOf(label, true)?.add(range);
      painted.set(labelId, { label, range });
    },
    delete: remove,
    clear() {
      painted.clear();
      for (const label of SPAN_LABELS) registry.delete(highlightName(label, prefix));
    },
  };
}

/** `::highlight()` rules for every span label, to insert once into the page (or the adoptedStyleSheets). */
export function highlightCss(options: { namePrefix?: string; theme?: 'light' | 'dark' } = {}): string {
  const theme = options.theme ?? 'light';
  return SPAN_LABELS.map((label) => {
    const style = HIGHLIGHT_STYLES[label];
    const thickness = style.line === 'double' || style.line === 'wavy' ? '1px' : '2px';
    return [
      `::highlight(${highlightName(label, options.namePrefix)}) {`,
      `  background-color: ${style.background};`,
      `  text-decoration: underline ${style.line} ${style.colour[theme]} ${thickness};`,
      '}',
    ].join('\n');
  }).join('\n');
}
