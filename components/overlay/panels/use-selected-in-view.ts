import { type RefObject, useEffect } from 'react';
import { useAnswer } from '../use-answer';

/**
 * When the user points at a citation on the page, the floating panel scrolls its item into view (the item is
 * marked `.selected`). A panel in place does not: the page itself would move under the pointer.
 */
export function useSelectedInView(panel: RefObject<HTMLElement | null>) {
  const selected = useAnswer((s) => s.selected);
  const docked = useAnswer((s) => s.dock !== null);
  useEffect(() => {
    if (!selected || !docked) return;
    panel.current?.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected, docked, panel]);
}
