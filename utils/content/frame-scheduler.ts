/**
 * Runs `work` at most once per animation frame however many times it is asked
 * for, so DOM observation never does heavy work inside a MutationObserver callback.
 */
export function frameScheduler(work: () => void): { request(): void; cancel(): void } {
  let handle: number | null = null;
  return {
    request() {
      if (handle !== null) return;
      handle = requestAnimationFrame(() => {
        handle = null;
        work();
      });
    },
    cancel() {
      if (handle !== null) cancelAnimationFrame(handle);
      handle = null;
    },
  };
}
