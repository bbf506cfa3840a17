/**
 * Text from pages can carry lone UTF-16 surrogates (half of an emoji, or a page's own broken string). They are
 * not Unicode: PostgreSQL refuses JSON that holds one, and a cut in the middle of a pair makes one. Everything
 * captured goes through these two helpers.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with each lone surrogate replaced by U+FFFD (same length, so offsets into it still hold). */
export function wellFormed(text: string): string {
  if (typeof text.isWellFormed === 'function' && text.isWellFormed()) return text;
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** At most `max` UTF-16 units of `text`, never ending between the two halves of a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * A copy of JSON-like data with every string (keys too) made well-formed; `value` itself when nothing had to
 * change, so the common case allocates nothing.
 */
export function wellFormedDeep<T>(value: T): T {
  if (typeof value === 'string') return wellFormed(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const next = wellFormedDeep(value[i]);
      if (next !== value[i]) {
        out ??= value.slice();
        out[i] = next;
      }
    }
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(value)) {
      const fixedKey = wellFormed(key);
      const next = wellFormedDeep(item);
      if (next !== item || fixedKey !== key) {
        out ??= { ...(value as Record<string, unknown>) };
        if (fixedKey !== key) delete out[key];
        out[fixedKey] = next;
      }
    }
    return (out ?? value) as T;
  }
  return value;
}
