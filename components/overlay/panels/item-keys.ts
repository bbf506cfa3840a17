import type { KeyboardEvent } from 'react';
import { t } from '../../../utils/i18n';

/** What the keys do in a panel's list, said once on screen (and in `aria-keyshortcuts`). */
export const sourceKeysHint = () => t('panelsSourceKeysHint');
export const citationKeysHint = () => t('panelsCitationKeysHint');

/** The items of a panel that keys move between carry this attribute. */
export const ITEM_ATTRIBUTE = 'data-item';

function typing(target: EventTarget | null): boolean {
  return !!(target as HTMLElement | null)?.closest?.('textarea, input, select, [contenteditable="true"]');
}

/**
 * Keyboard-first work on a list item, for keys pressed on any control inside it: J / K move focus to the next /
 * previous item of the same list, U undoes the last change, and any other key goes to `onKey`: true when it used
 * the key, "next" when it stored the item's judgement, so focus goes on to the next item (one key per item, as in
 * labelling tools). Keys typed into a field, and keys with a modifier, are left alone; unused keys go on to the
 * strip (R for Refine).
 */
export function itemKeys(onKey: (key: string) => boolean | 'next', undo: () => void) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const key = e.key.toLowerCase();
    const item = e.currentTarget;
    let used: boolean | 'next' = true;
    if (key === 'j' || key === 'k') {
      focusItem(item, key === 'j' ? 1 : -1);
    } else if (key === 'u') {
      undo();
    } else {
      used = onKey(key);
      if (used === 'next') focusItem(item, 1);
    }
    if (used) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
}

/** Moves focus to the item `step` away in the same list; at either end focus stays. */
function focusItem(item: HTMLElement, step: 1 | -1): void {
  const list = item.closest('.items');
  const items = list ? [...list.querySelectorAll<HTMLElement>(`[${ITEM_ATTRIBUTE}]`)] : [];
  const next = items[items.indexOf(item) + step];
  // Focus lands on the item's first control, as Tab would reach it: the item itself is not a control.
  const control = next?.querySelector<HTMLElement>('a[href], button:not([disabled])');
  control?.focus();
  control?.scrollIntoView({ block: 'nearest' });
}
