import { z } from 'zod/mini';
import { lazy } from './lazy';

/**
 * MV3's CSP forbids `new Function`, which Zod probes for its JIT: call once per context before
 * parsing. The setting is Zod's global config, shared by `zod` and `zod/mini`.
 */
export function configureZod(): void {
  z.config({ jitless: true });
}

/** A schema built (with Zod configured) on first use, for code that runs in content scripts. */
export function lazySchema<T>(make: () => T): () => T {
  return lazy(() => {
    configureZod();
    return make();
  });
}
