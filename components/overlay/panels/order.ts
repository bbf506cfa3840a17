import type { FeedbackEvent } from '../../../storage/schema';

/** The current order of items: the latest reorder/rerank edit's `after`, else the site's order. */
export function currentOrder(original: string[], edit: FeedbackEvent | undefined): string[] {
  if (edit?.kind !== 'edit' || !Array.isArray(edit.value.after)) return original;
  const known = new Set(original);
  const after = edit.value.after.filter((id) => known.has(id));
  return [...after, ...original.filter((id) => !after.includes(id))];
}

export function move(order: string[], id: string, to: number): string[] {
  const from = order.indexOf(id);
  if (from < 0 || to < 0 || to >= order.length || from === to) return order;
  const next = order.filter((x) => x !== id);
  next.splice(to, 0, id);
  return next;
}
