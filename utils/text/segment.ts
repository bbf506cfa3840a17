export interface TextRange {
  start: number;
  end: number;
}

/**
 * Sentence ranges of `text` (offsets into it), trimmed of surrounding whitespace.
 * Uses Intl.Segmenter; where it is missing, a punctuation/newline regex.
 */
export function segmentSentences(text: string, lang: string | null = null): TextRange[] {
  const raw = hasSegmenter() ? segmentWithIntl(text, lang) : segmentWithRegex(text);
  const ranges: TextRange[] = [];
  for (const r of raw) {
    const trimmed = trimRange(text, r.start, r.end);
    if (trimmed) ranges.push(trimmed);
  }
  return ranges;
}

function hasSegmenter(): boolean {
  return typeof Intl !== 'undefined' && typeof (Intl as { Segmenter?: unknown }).Segmenter === 'function';
}

function segmentWithIntl(text: string, lang: string | null): TextRange[] {
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(lang ?? undefined, { granularity: 'sentence' });
  } catch {
    segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  }
  const out: TextRange[] = [];
  for (const s of segmenter.segment(text)) out.push({ start: s.index, end: s.index + s.segment.length });
  return out;
}

/** Fallback: a sentence ends after . ! ? 。 ！ ？ (plus closing quotes/brackets) followed by space, or at a newline. */
export function segmentWithRegex(text: string): TextRange[] {
  const out: TextRange[] = [];
  const boundary = /[.!?。！？]+["'”’)\]]*(?=\s|$)|\n/g;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    const end = (m.index ?? 0) + m[0].length;
    out.push({ start, end });
    start = end;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out.filter((r) => text.slice(r.start, r.end).trim() !== '');
}

function trimRange(text: string, start: number, end: number): TextRange | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  return e > s ? { start: s, end: e } : null;
}
