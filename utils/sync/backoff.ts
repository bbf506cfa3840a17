export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 3_600_000;
export const BACKOFF_FLOOR_MS = 1_000;
/** A Retry-After further away than this is not believed. */
export const RETRY_AFTER_MAX_MS = 86_400_000;

/**
 * Exponential backoff with full jitter: a uniform delay in [floor, min(cap, base·2^(failures−1))]. Jitter keeps
 * many browsers that lost the collector at once from coming back at the same instant.
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(BACKOFF_FLOOR_MS, Math.floor(random() * ceiling));
}

/** `Retry-After` as the time (ms) to retry at: delta-seconds or an HTTP date; null when absent or unusable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  let at: number;
  if (/^\d+$/.test(text)) at = now + Number(text) * 1000;
  else {
    // An HTTP date names a weekday and GMT; Date.parse alone would also take things like "5".
    if (!/GMT$/i.test(text)) return null;
    at = Date.parse(text);
    if (Number.isNaN(at)) return null;
  }
  return Math.min(Math.max(at, now), now + RETRY_AFTER_MAX_MS);
}
