/**
 * Builds the extension's `_locales/<lang>/messages.json` from the per-surface files in `locales/<lang>/`
 * (one file per surface, so the strip's words and the log page's can be worked on apart). Runs in Node:
 * at build time (wxt.config.ts) and in tests; the extension itself only ever calls `browser.i18n`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Message {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Catalog = Record<string, Message>;

const LOCALES_DIR = join(import.meta.dirname, '.');
// Chrome and Firefox accept only these in a message name.
const NAME = /^[A-Za-z0-9_@]+$/;

export function languages(dir = LOCALES_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

/** Every message of one language, from all its surface files; a name in two files is an error, not a silent override. */
export function readCatalog(lang = 'en', dir = LOCALES_DIR): Catalog {
  const catalog: Catalog = {};
  const from: Record<string, string> = {};
  const files = readdirSync(join(dir, lang))
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    const part = JSON.parse(readFileSync(join(dir, lang, file), 'utf8')) as Catalog;
    for (const [name, message] of Object.entries(part)) {
      if (!NAME.test(name)) throw new Error(`locales/${lang}/${file}: "${name}" is not a valid message name`);
      const lower = name.toLowerCase(); // message names are case-insensitive in both browsers
      if (from[lower]) throw new Error(`locales/${lang}: "${name}" is in both ${from[lower]} and ${file}`);
      if (typeof message?.message !== 'string') throw new Error(`locales/${lang}/${file}: "${name}" has no message`);
      from[lower] = file;
      catalog[name] = message;
    }
  }
  return catalog;
}

/** `$1`-style substitutions a message takes, counted from its placeholders. */
export function substitutionCount(message: Message): number {
  let count = 0;
  for (const { content } of Object.values(message.placeholders ?? {})) {
    const n = /^\$(\d)$/.exec(content);
    if (n) count = Math.max(count, Number(n[1]));
  }
  return count;
}

/**
 * What `browser.i18n.getMessage` returns, for Node (unit tests, CLIs): named placeholders replaced by their
 * content, then `$1`…`$9` by the substitutions, `$$` by `$`. A wrong number of substitutions throws, so a
 * test catches a call that would show a bare placeholder in the browser.
 */
export function formatMessage(catalog: Catalog, name: string, substitutions: string[] = []): string {
  const entry = Object.entries(catalog).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  if (!entry) return '';
  const expected = substitutionCount(entry);
  if (substitutions.length !== expected) {
    throw new Error(`i18n "${name}" takes ${expected} substitution(s), got ${substitutions.length}`);
  }
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([key, value]) => [key.toLowerCase(), value.content]),
  );
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, key: string) => placeholders[key.toLowerCase()] ?? whole)
    .replace(/\$(\d|\$)/g, (_whole, d: string) => (d === '$' ? '$' : (substitutions[Number(d) - 1] ?? '')));
}
