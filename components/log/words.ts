import { browser } from 'wxt/browser';
import { type MessageKey, type PluralKey, t } from '../../utils/i18n';

/** The language the extension's words are shown in, for numbers, lists and plural forms to match them. */
export const uiLanguage = (): string => browser.i18n.getUILanguage?.() || 'en';

/** A number as the user's language writes it ("3,000"). */
export const formatNumber = (n: number, options?: Intl.NumberFormatOptions): string =>
  n.toLocaleString(uiLanguage(), options);

let plurals: Intl.PluralRules | undefined;

/**
 * `tn()` with the count written as the user's language writes numbers ("3,000 feedback events"): `tn()` puts
 * plain digits in $1. The messages are the same `key_one` / `key_other` forms, count in $1.
 */
export function tCount(key: PluralKey, count: number, ...substitutions: (string | number)[]): string {
  plurals ??= new Intl.PluralRules(uiLanguage());
  const subs = [formatNumber(count), ...substitutions];
  const form = `${key}_${plurals.select(count)}` as MessageKey;
  const text = t(form, ...subs);
  return text === form ? t(`${key}_other` as MessageKey, ...subs) : text;
}

/** Items as a list in the user's language ("a, b, c" in English). */
export const listOf = (items: readonly string[]): string =>
  new Intl.ListFormat(uiLanguage(), { style: 'short', type: 'unit' }).format(items);

/** Alternatives in the user's language ("a or b" in English). */
export const eitherOf = (items: readonly string[]): string =>
  new Intl.ListFormat(uiLanguage(), { type: 'disjunction' }).format(items);
