import { t } from './i18n';

/**
 * Items as one list in the user's language: "a", "a and b", "a, b and c" (`last` joins the last two; with
 * `bgListHead` every join is a comma: "a, b, c").
 */
export function listOf(items: readonly string[], last: 'bgListPair' | 'bgListHead' = 'bgListPair'): string {
  if (items.length <= 1) return items.join('');
  const tail = t(last, items.at(-2) ?? '', items.at(-1) ?? '');
  return items.slice(0, -2).reduceRight((rest, item) => t('bgListHead', item, rest), tail);
}
