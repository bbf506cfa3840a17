/**
 * Google keeps which sources a citation group points at only in page data: the hidden
 * source list and each group carry `jsdata="…;_;<key>"`, and an inline script holds
 * `"<key>":[…]` with the sources' numeric keys. Best effort: any surprise yields null.
 */
export class GoogleScriptData {
  private texts: string[] | null = null;

  constructor(private readonly doc: Document) {}

  /** The JSON value stored under `key`, or null. */
  value(key: string): unknown {
    if (!/^[\w-]+$/.test(key)) return null;
    // Initial page: `{"<key>":[…]}`; fragments loaded later: `window['W_jd']['<key>']=[…]`.
    const needles = [`"${key}":`, `['${key}']=`];
    for (const text of this.scriptTexts()) {
      const needle = needles.find((n) => text.includes(n));
      if (!needle) continue;
      const json = balancedJson(text, text.indexOf(needle) + needle.length);
      if (json === null) return null;
      try {
        return JSON.parse(json);
      } catch {
        return null;
      }
    }
    return null;
  }

  private scriptTexts(): string[] {
    if (this.texts) return this.texts;
    this.texts = [];
    for (const script of this.doc.querySelectorAll('script:not([src])')) {
      const text = script.textContent ?? '';
      if (text.length > 0) this.texts.push(text);
    }
    return this.texts;
  }
}

/** The jsdata key of an element (`jsdata="P58Gu;_;CoRv4w"` → `CoRv4w`). */
export function jsdataKey(el: Element | null | undefined): string | null {
  const parts = el
    ?.getAttribute('jsdata')
    ?.trim()
    .split(/[\s;]+/);
  const key = parts?.[parts.length - 1];
  return key && key !== '_' ? key : null;
}

/** The JSON array or object that starts at `from` (after optional spaces), honouring strings. */
function balancedJson(text: string, from: number): string | null {
  let i = from;
  while (text[i] === ' ') i++;
  const open = text[i];
  if (open !== '[' && open !== '{') return null;
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, i + 200_000);
  for (let j = i; j < limit; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return text.slice(i, j + 1);
    }
  }
  return null;
}

/** Numbers in a nested array, in order (source keys). */
export function numbersIn(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is number => typeof v === 'number');
}
