import { describe, expect, it } from 'vitest';
import { createHighlighter, HIGHLIGHT_STYLES, highlightCss } from '../../../utils/anchoring/highlight';
import { parse } from './helpers';

/** The part of the CSS Custom Highlight API the highlighter uses, for a jsdom window that lacks it. */
class FakeHighlight extends Set<AbstractRange> {
  priority = 0;
}

function withFakeHighlightApi(doc: Document) {
  const registry = new Map<string, FakeHighlight>();
  Object.assign(doc.defaultView!, { CSS: { highlights: registry }, Highlight: FakeHighlight });
  return registry;
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('highlighter', () => {
  it('degrades to a no-op where CSS.highlights is missing (jsdom)', () => {
    const doc = parse('<p>text</p>');
    const highlighter = createHighlighter(doc);
    expect(highlighter.supported).toBe(false);
    const range = doc.createRange();
    range.selectNodeContents(doc.body);
    expect(() => {
      highlighter.set('a', range, 'incorrect');
      highlighter.delete('a');
      highlighter.clear();
    }).not.toThrow();
  });

  it('keeps one highlight per label type and moves a label that changed type', () => {
    const doc = parse('<p>one</p><p>two</p>');
    const registry = withFakeHighlightApi(doc);
    const highlighter = createHighlighter(doc, { namePrefix: 'sb' });
    expect(highlighter.supported).toBe(true);
    const [first, second] = [...doc.querySelectorAll('p')].map((p) => {
      const range = doc.createRange();
      range.selectNodeContents(p);
      return range;
    });

    highlighter.set('label-1', first!, 'incorrect');
    highlighter.set('label-2', second!, 'incorrect');
    expect(registry.get('sb-incorrect')?.size).toBe(2);

    highlighter.set('label-1', first!, 'unverifiable');
    expect(registry.get('sb-incorrect')?.size).toBe(1);
    expect(registry.get('sb-unverifiable')?.has(first!)).toBe(true);
    expect(registry.get('sb-incorrect')!.priority).toBeGreaterThan(registry.get('sb-unverifiable')!.priority);

    highlighter.delete('label-2');
    expect(registry.has('sb-incorrect')).toBe(false);
    highlighter.clear();
    expect(registry.size).toBe(0);
  });

  it('styles every span label with its own underline shape, not colour alone', () => {
    const css = highlightCss();
    for (const label of Object.keys(HIGHLIGHT_STYLES)) expect(css).toContain(`::highlight(stageback-${label})`);
    const shapes = Object.values(HIGHLIGHT_STYLES).map((style) => style.line);
    expect(new Set(shapes).size).toBe(shapes.length);
    expect(css).toContain('underline wavy');
    expect(highlightCss({ theme: 'dark', namePrefix: 'x' })).toContain(HIGHLIGHT_STYLES.incorrect.colour.dark);
    for (const { colour } of Object.values(HIGHLIGHT_STYLES)) {
      expect(contrast(colour.light, '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour.dark, '#202124')).toBeGreaterThanOrEqual(4.5);
    }
  });
});
