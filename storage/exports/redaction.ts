/** Applied to the free text an export writes (queries, answers, comments, spans, sub-queries, edits). */
export type Redact = (text: string) => string;

export const noRedaction: Redact = (text) => text;

export interface RedactionOptions {
  emails?: boolean;
  phones?: boolean;
  /** Card numbers of 13–19 digits that pass the Luhn check. */
  cards?: boolean;
  ips?: boolean;
  /** Words or names the user listed, matched case-insensitively as whole words. */
  words?: readonly string[];
}

/**
 * Masks keep the length of what they hide: span offsets (TextPositionSelector, FG-RLHF start/end, sentence
 * ranges) stay valid in a redacted export.
 */
const MASK = '█';
const mask = (match: string) => MASK.repeat(match.length);

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g;
const IPV6_CANDIDATE = /(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])/g;
/** An optional +country code, an optional (area code), then 2–5 groups of digits separated by space . or -. */
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?!\w|[.-]\d)/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function isIpv6(candidate: string): boolean {
  const halves = candidate.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15 && !ISO_DATE.test(candidate);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createRedactor(options: RedactionOptions): Redact {
  const words = (options.words ?? []).map((w) => w.trim()).filter((w) => w.length > 0);
  const wordPattern =
    words.length > 0
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
      : undefined;
  return (text) => {
    let out = text;
    // Order matters: card numbers and IPs before phones, which would otherwise claim their digit groups.
    if (options.emails) out = out.replace(EMAIL, mask);
    if (options.cards) out = out.replace(CARD, (m) => (luhnValid(m.replace(/\D/g, '')) ? mask(m) : m));
    if (options.ips) {
      out = out.replace(IPV4, mask);
      out = out.replace(IPV6_CANDIDATE, (m) => (isIpv6(m) ? mask(m) : m));
    }
    if (options.phones) out = out.replace(PHONE, (m) => (isPhone(m) ? mask(m) : m));
    if (wordPattern) out = out.replace(wordPattern, mask);
    return out;
  };
}

/**
 * A URL's query parameter values (where search pages keep the query) run through `redact`; the rest of the
 * URL is kept. The page URL of a search is as personal as its query.
 */
export function redactUrl(url: string, redact: Redact): string {
  if (redact === noRedaction) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redact(url);
  }
  let changed = false;
  for (const [key, value] of [...parsed.searchParams]) {
    const redacted = redact(value);
    if (redacted !== value) {
      parsed.searchParams.set(key, redacted);
      changed = true;
    }
  }
  return changed ? parsed.toString() : url;
}
