import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { formatMessage, languages, readCatalog, substitutionCount } from '../../../locales/catalog';
import { t, tn } from '../../../utils/i18n';
import { findHardCodedWords } from './find-words';

const ROOT = join(import.meta.dirname, '../../..');
const SOURCE_DIRS = ['components', 'entrypoints', 'utils'];
// Surfaces whose words still sit in the code; each is removed from this list once it reads from locales/.
// (Each entry is one helper's part; the surfaces do not overlap.)
const PENDING: RegExp[] = [];
// Not words to translate: the product's name.
const ALLOWED = new Set(['Stageback']);

function filesUnder(dir: string, ends: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ends);
    return ends.test(name) ? [path] : [];
  });
}
const sources = () => SOURCE_DIRS.flatMap((d) => filesUnder(join(ROOT, d), /\.tsx?$/));

describe('the English messages', () => {
  const english = readCatalog('en');

  it('build into one valid catalog (no name twice, every placeholder defined and used)', () => {
    expect(english.extName?.message).toBe('Stageback');
    for (const [name, entry] of Object.entries(english)) {
      const named = [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]?.toLowerCase());
      const defined = Object.keys(entry.placeholders ?? {}).map((k) => k.toLowerCase());
      expect(new Set(named), name).toEqual(new Set(defined));
      const indices = Object.values(entry.placeholders ?? {}).flatMap((p) => /^\$(\d)$/.exec(p.content)?.[1] ?? []);
      expect(indices.map(Number).sort(), `${name}: substitutions are $1…$n`).toEqual(
        Array.from({ length: substitutionCount(entry) }, (_, i) => i + 1),
      );
      expect(entry.description, `${name} says where it appears, for translators`).toBeTruthy();
    }
  });

  it('every other language has exactly the English names', () => {
    for (const lang of languages().filter((l) => l !== 'en')) {
      expect(Object.keys(readCatalog(lang)).sort(), lang).toEqual(Object.keys(english).sort());
    }
  });

  it('names every message the code asks for, and the code asks for every message', () => {
    const code = [...sources(), join(ROOT, 'wxt.config.ts')].map((f) => readFileSync(f, 'utf8')).join('\n');
    const asked = [...code.matchAll(/\b(t|tn)\(\s*'([A-Za-z0-9_@]+)'/g)];
    const missing = asked
      .filter(([, fn, key]) => !english[fn === 'tn' ? `${key}_other` : (key as string)])
      .map(([, , key]) => key);
    expect(missing, 'asked for but not in locales/en').toEqual([]);
    const quoted = new Set([...code.matchAll(/['"`]([A-Za-z0-9_@]+)['"`]/g)].map((m) => m[1]));
    for (const m of code.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) quoted.add(m[1]);
    const unused = Object.keys(english).filter((name) => {
      const base = name.replace(/_(zero|one|two|few|many|other)$/, '');
      return !quoted.has(name) && !quoted.has(base);
    });
    expect(unused, 'in locales/en but never used (a key used by a computed name must still appear quoted)').toEqual([]);
  });

  it('no words are written straight into the pages and the strip', () => {
    const offenders = sources()
      .filter((f) => f.endsWith('.tsx'))
      .filter((f) => !PENDING.some((part) => part.test(relative(ROOT, f))))
      .flatMap((f) =>
        findHardCodedWords(readFileSync(f, 'utf8'), ALLOWED).map((w) => `${relative(ROOT, f)}:${w.line} ${w.text}`),
      );
    expect(offenders).toEqual([]);
  });
});

describe('reading a message', () => {
  const catalog = {
    graded: {
      message: '$DONE$ of $TOTAL$ graded, 100$$',
      description: 'x',
      placeholders: { done: { content: '$1' }, total: { content: '$2' } },
    },
  };

  it('fills placeholders by position and keeps $$ as one dollar', () => {
    expect(formatMessage(catalog, 'graded', ['4', '14'])).toBe('4 of 14 graded, 100$');
    expect(formatMessage(catalog, 'GRADED', ['1', '2'])).toBe('1 of 2 graded, 100$');
  });

  it('refuses a wrong number of substitutions, and answers "" for an unknown name as browsers do', () => {
    expect(() => formatMessage(catalog, 'graded', ['4'])).toThrow(/takes 2 substitution/);
    expect(formatMessage(catalog, 'nope')).toBe('');
  });

  it('t() and tn() read through browser.i18n', () => {
    expect(t('extName')).toBe('Stageback');
    fakeBrowser.i18n.getMessage = ((name: string, subs?: string[]) =>
      name === 'x_one' ? `one ${subs?.[0]}` : name === 'x_other' ? `many ${subs?.[0]}` : '') as never;
    expect(tn('x' as never, 1)).toBe('one 1');
    expect(tn('x' as never, 3)).toBe('many 3');
    expect(t('missing' as never)).toBe('missing');
  });
});

describe('tParts', () => {
  it('cuts a message at its slots, in the order the language puts them', async () => {
    const { tParts } = await import('../../../utils/i18n');
    fakeBrowser.i18n.getMessage = ((name: string, subs?: string[]) =>
      name === 'k' ? `Read ${subs?.[1]} in the ${subs?.[0]}.` : '') as never;
    expect(tParts('k' as never, 2)).toEqual(['Read ', 1, ' in the ', 0, '.']);
  });
});
