/** `<input type=date>` values (local days) ↔ the filter's ISO `createdFrom` (inclusive) / `createdTo` (exclusive). */
export function dayStartIso(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

/** The end of a local day, as the start of the next one: the filter's exclusive bound. */
export function dayEndIso(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1).toISOString();
}

export function isoToDay(iso: string | undefined, exclusiveEnd = false): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (exclusiveEnd) date.setDate(date.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
