/**
 * Every word the user reads comes from `locales/<lang>/*.json` through the browser's own i18n
 * (`browser.i18n.getMessage`, synchronous in pages and content scripts alike). English is complete;
 * another language is a folder of the same files. See docs/glossary.md for what the words mean.
 */
import { browser } from 'wxt/browser';
import type background from '../locales/en/background.json';
import type common from '../locales/en/common.json';
import type log from '../locales/en/log.json';
import type options from '../locales/en/options.json';
import type panels from '../locales/en/panels.json';
import type popup from '../locales/en/popup.json';
import type report from '../locales/en/report.json';
import type shadow from '../locales/en/shadow.json';
import type strip from '../locales/en/strip.json';
import type study from '../locales/en/study.json';
import type welcome from '../locales/en/welcome.json';

type English = typeof common &
  typeof strip &
  typeof panels &
  typeof shadow &
  typeof popup &
  typeof options &
  typeof log &
  typeof welcome &
  typeof background &
  typeof report &
  typeof study;

export type MessageKey = Extract<keyof English, string>;
/** A message with forms by number: `name_one` and `name_other` (and `_zero`, `_few`… where a language needs them). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

type Substitution = string | number;

function getMessage(key: string, substitutions: Substitution[]): string {
  const i18n = browser?.i18n;
  if (!i18n) throw new Error(`i18n: no browser.i18n here to read "${key}" (in Node, call installEnglish() first)`);
  // WXT types getMessage for its own i18n module's names; ours are checked by MessageKey above.
  return (i18n.getMessage as (name: string, substitutions: string[]) => string)(key, substitutions.map(String));
}

/** The message `key` in the user's language, `$1`… filled from `substitutions`; the key itself if it is missing. */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  return getMessage(key, substitutions) || key;
}

let numbers: { plural: Intl.PluralRules; format: Intl.NumberFormat } | undefined;
function inUiLanguage() {
  const lang = browser.i18n.getUILanguage?.() || 'en';
  numbers ??= { plural: new Intl.PluralRules(lang), format: new Intl.NumberFormat(lang) };
  return numbers;
}
const pluralForm = (count: number): Intl.LDMLPluralRule => inUiLanguage().plural.select(count);

/** The form of `key` for `count` ("1 source", "1,234 sources"); `count`, written as the language writes numbers, is $1. */
export function tn(key: PluralKey, count: number, ...substitutions: Substitution[]): string {
  const subs = [inUiLanguage().format.format(count), ...substitutions];
  return getMessage(`${key}_${pluralForm(count)}`, subs) || getMessage(`${key}_other`, subs) || key;
}

/**
 * A message cut at its substitutions, for text with an element inside ("…delete all of it in the <a>log</a>"):
 * strings, and at each `$n` the number n-1, so a component puts its own element there. No HTML is ever parsed.
 */
export function tParts(key: MessageKey, slots: number): (string | number)[] {
  const marks = Array.from({ length: slots }, (_, i) => `\uE000${i}\uE001`);
  const text = getMessage(key, marks) || key;
  return text
    .split(/\uE000(\d)\uE001/)
    .map((part, i) => (i % 2 === 1 ? Number(part) : part))
    .filter((part) => part !== '');
}
