/**
 * Google keeps which sources a citation group points at only in page data: the hidden
 * source list and each group carry `jsdata="…;_;<key>"`, and an inline script holds
 * `"<key>":[…]` with the sources' numeric keys. Best effort: any surprise yields null.
 */
export class GoogleScriptData {
  private index: Map<string, { text: string; at: number }> | null = null;

  constructor(private readonly doc: Document) {}

  /** The JSON value stored under `key`, or null. */
  value(key: string): unknown {
    if (!/^[\w-]+$/.test(key)) return null;
    const found = this.entries().get(key);
    if (!found) return null;
    const json = balancedJson(found.text, found.at);
    if (json === null) return null;
    try {
      return JSON.parse(json);
    } catch {
      return null;
    }
  }

  /**
   * Where each key's value starts, from one pass over each inline script: a page holds a megabyte of script
   * text (two bytes a character), and searching it once per key cost a read tens of ms. Initial page:
   * `{"<key>":[…]}`; fragments loaded later: `window['W_jd']['<key>']=[…]`. The first script that has a key
   * wins, and in it the quoted form.
   */
  private entries(): Map<string, { text: string; at: number }> {
    if (this.index) return this.index;
    const index = new Map<string, { text: string; at: number }>();
    for (const script of this.doc.querySelectorAll('script:not([src])')) {
      const text = script.textContent ?? '';
      const quoted = new Map<string, number>();
      const bracketed = new Map<string, number>();
      for (const m of text.matchAll(/"([\w-]+)":|\['([\w-]+)'\]=/g)) {
        const [forms, key] = m[1] ? [quoted, m[1]] : [bracketed, m[2] ?? ''];
        if (!forms.has(key)) forms.set(key, m.index + m[0].length);
      }
      for (const forms of [quoted, bracketed]) {
        for (const [key, at] of forms) if (!index.has(key)) index.set(key, { text, at });
      }
    }
    this.index = index;
    return index;
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
