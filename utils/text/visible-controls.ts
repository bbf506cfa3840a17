/**
 * Text from pages can carry characters that change how it reads without being seen: a right-to-left override
 * (U+202E) that turns "gpj.exe" around, zero-width spaces that split a word, invisible tag characters that smuggle
 * instructions. Wherever Stageback shows such text, each of them is written as a visible marker, `⟨U+202E⟩`.
 * The result is a plain string for React text nodes (never HTML).
 *
 * Marked: C0/C1 control characters other than tab and line breaks; bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A–U+202E, U+2066–U+2069); zero-width and invisible characters (U+180E, U+200B, U+2060–U+2064,
 * U+FEFF, U+FFF9–U+FFFB); tag characters (U+E0000–U+E007F) outside an emoji flag sequence; lone UTF-16 surrogates.
 * Zero-width (non-)joiners (U+200C, U+200D) are marked unless they join what they exist for: two emoji
 * (👩‍💻) or two letters of a script that uses them (Persian, Devanagari, …); between Latin letters, or at an
 * edge, they are marked.
 */

const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
  /(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]|\p{Cs}/gu;
const EMOJI_BEFORE_JOINER = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;
const LETTER = /^[\p{L}\p{M}]$/u;
/** Scripts that never need a joiner between letters: a joiner there only hides something. */
const NO_JOINERS = /^[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{sc=Common}\p{sc=Inherited}]$/u;

export const marker = (codePoint: number): string => `⟨U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}⟩`;

function charBefore(text: string, at: number): string {
  const low = text.charCodeAt(at - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return start < 0 ? '' : String.fromCodePoint(text.codePointAt(start) ?? 0);
}

function charAfter(text: string, at: number): string {
  const cp = text.codePointAt(at);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function joins(text: string, at: number, joiner: string): boolean {
  const before = charBefore(text, at);
  const after = charAfter(text, at + 1);
  if (joiner === '\u200D' && EMOJI_BEFORE_JOINER.test(before) && EMOJI.test(after)) return true;
  const scriptLetter = (c: string) => LETTER.test(c) && !NO_JOINERS.test(c);
  return scriptLetter(before) && scriptLetter(after);
}

/** `text` with each hidden control character written as `⟨U+XXXX⟩`; the same string when there is none. */
export function showHiddenCharacters(text: string): string {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return text;
  return text.replace(HIDDEN, (match: string, flag: string | undefined, offset: number) => {
    if (flag) return flag;
    if ((match === '\u200C' || match === '\u200D') && joins(text, offset, match)) return match;
    return marker(match.codePointAt(0) ?? 0);
  });
}
