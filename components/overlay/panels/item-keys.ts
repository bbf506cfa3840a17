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
 * previous item of the same list, U undoes the
 * last change, and any other key goes to `onKey` (true when it used it). Keys typed into a field, and keys with a
 * modifier, are left alone; unused keys go on to the strip (R for Refine).
 */
export function itemKeys(onKey: (key: string) => boolean, undo: () => void) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const key = e.key.toLowerCase();
    const item = e.currentTarget;
    let used = true;
    if (key === 'j' || key === 'k') {
      const list = item.closest('.items');
      const items = list ? [...list.querySelectorAll<HTMLElement>(`[${ITEM_ATTRIBUTE}]`)] : [];
      const next = items[items.indexOf(item) + (key === 'j' ? 1 : -1)];
      // Focus lands on the item's first control, as Tab would reach it: the item itself is not a control.
      const control = next?.querySelector<HTMLElement>('a[href], button:not([disabled])');
      control?.focus();
      control?.scrollIntoView({ block: 'nearest' });
    } else if (key === 'u') {
      undo();
    } else {
      used = onKey(key);
    }
    if (used) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
}
