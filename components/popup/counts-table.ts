import type { DashboardCounts } from '../../storage/queries/dashboard';
import { type MessageKey, t } from '../../utils/i18n';

/** The words of the static markup (`data-i18n` text, `data-i18n-label` aria-label); English stays if one is unknown. */
const STATIC_WORDS: readonly MessageKey[] = [
  'popupCountsLabel',
  'popupCountsToday',
  'popupCountsWeek',
  'popupCountsAll',
  'popupCountsAnswers',
  'popupCountsEvents',
];

/** Puts the static header's and counts table's words in the user's language (the markup holds the English). */
export function translateStatic(root: ParentNode): void {
  const known = (key: string | undefined): key is MessageKey => STATIC_WORDS.includes(key as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    if (known(el.dataset.i18n)) el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    if (known(el.dataset.i18nLabel)) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
}

/**
 * The popup's counts table is static markup in `entrypoints/popup/index.html` (cells marked
 * `data-count="events.week"`), so it is on screen before any script has loaded. This fills it, both for the first
 * frame (`first-paint.ts`, plain IndexedDB, before React is loaded) and on every change after (the popup's live query).
 */
export function fillCounts(root: ParentNode, counts: DashboardCounts | undefined, source: 'first' | 'live'): void {
  const table = root.querySelector<HTMLElement>('table.counts');
  if (!table) return;
  // The first frame's numbers must never overwrite newer ones from the live query.
  if (source === 'first' && table.dataset.filled === 'live') return;
  for (const cell of root.querySelectorAll<HTMLElement>('[data-count]')) {
    const [group, period] = (cell.dataset.count ?? '').split('.') as [string, string];
    const value = counts?.[group as 'answers' | 'events']?.[period as 'today' | 'week' | 'all'];
    cell.textContent = value === undefined ? '…' : String(value);
  }
  if (counts) table.dataset.filled = source;
}
