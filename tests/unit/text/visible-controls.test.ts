import { describe, expect, it } from 'vitest';
import { showHiddenCharacters as show } from '../../../utils/text/visible-controls';

describe('showHiddenCharacters', () => {
  it('writes a right-to-left override as a visible marker, so "invoice\u202Efdp.exe" no longer reads as a PDF', () => {
    expect(show('invoice\u202Efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
  });

  it('marks every bidirectional control', () => {
    const controls = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const cp of controls) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      expect(show(`a${String.fromCodePoint(cp)}b`)).toBe(`a⟨U+${hex}⟩b`);
    }
  });

  it('marks zero-width and invisible characters, controls, tag characters and lone surrogates', () => {
    expect(show('pay\u200Bpal')).toBe('pay⟨U+200B⟩pal');
    expect(show('\uFEFFstart')).toBe('⟨U+FEFF⟩start');
    expect(show('word\u2060joiner\u2062')).toBe('word⟨U+2060⟩joiner⟨U+2062⟩');
    expect(show('bell\u0007 nul\u0000 del\u007F c1\u0085')).toBe('bell⟨U+0007⟩ nul⟨U+0000⟩ del⟨U+007F⟩ c1⟨U+0085⟩');
    // "hi" in invisible tag characters (ASCII smuggling).
    expect(show('ok\u{E0068}\u{E0069}')).toBe('ok⟨U+E0068⟩⟨U+E0069⟩');
    expect(show('lone \uD800 and \uDC00')).toBe('lone ⟨U+D800⟩ and ⟨U+DC00⟩');
  });

  it('marks zero-width joiners between Latin letters or at an edge', () => {
    expect(show('ignore\u200Dprevious')).toBe('ignore⟨U+200D⟩previous');
    expect(show('a\u200C')).toBe('a⟨U+200C⟩');
    expect(show('\u200Dx')).toBe('⟨U+200D⟩x');
  });

  it('leaves alone what is meant to be there: tabs, line breaks, emoji sequences, flags, joiners in scripts', () => {
    const kept = [
      'plain text, «quotes», 60°F — done',
      'tab\there\nnew line\r\n',
      'שלום עולם مرحبا', // right-to-left text itself is fine; only overrides are marked
      '👩‍💻 👨‍👩‍👧 🏳️‍🌈 👍🏽',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿', // Scotland: a flag made of tag characters
      'می‌خواهم', // Persian with a zero-width non-joiner
      'क्‍ष', // Devanagari with a zero-width joiner
      '😀 paired surrogates',
    ];
    for (const text of kept) expect(show(text)).toBe(text);
  });

  it('gives the same string back when there is nothing to mark, and never HTML', () => {
    const text = '<img src=x onerror=alert(1)>';
    expect(show(text)).toBe(text);
    expect(show(`${text}\u202E`)).toBe(`${text}⟨U+202E⟩`);
  });
});
