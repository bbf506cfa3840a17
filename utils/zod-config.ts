import { z } from 'zod';

/** MV3's CSP forbids `new Function`, which Zod probes for its JIT: call once per context before parsing. */
export function configureZod(): void {
  z.config({ jitless: true });
}
