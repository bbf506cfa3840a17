import type { DragEvent } from 'react';
import { t } from '../../../utils/i18n';

interface Props {
  index: number;
  count: number;
  itemName: string;
  disabled: boolean;
  onMove(to: number): void;
}

/** Keyboard reordering: move up / move down buttons next to each item. */
export function ReorderControls({ index, count, itemName, disabled, onMove }: Props) {
  return (
    <span className="reorder">
      <button
        type="button"
        aria-label={t('panelsMoveUp', itemName)}
        disabled={disabled || index === 0}
        onClick={() => onMove(index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        aria-label={t('panelsMoveDown', itemName)}
        disabled={disabled || index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        ↓
      </button>
    </span>
  );
}

/** Mouse reordering: the props that make a list item draggable onto another. */
export function dragProps(id: string, indexOf: (id: string) => number, onMove: (id: string, to: number) => void) {
  return {
    draggable: true,
    onDragStart: (e: DragEvent) => e.dataTransfer.setData('text/x-stageback-item', id),
    onDragOver: (e: DragEvent) => e.preventDefault(),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      const dragged = e.dataTransfer.getData('text/x-stageback-item');
      if (dragged) onMove(dragged, indexOf(id));
    },
  };
}
