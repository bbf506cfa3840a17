import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Chrome and Edge extension ids are 32 letters a–p; Firefox gives each install a UUID. */
const EXTENSION_ORIGIN =
  /^(?:chrome-extension:\/\/([a-p]{32})|moz-extension:\/\/([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}))$/;

export const isExtensionOrigin = (origin: string): boolean => EXTENSION_ORIGIN.test(origin);

/** The id in an extension origin (Chrome's id or Firefox's UUID), or null for any other origin. */
export function extensionIdOf(origin: string): string | null {
  const match = EXTENSION_ORIGIN.exec(origin);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/**
 * Old extensions still send it; the collector takes the participant from the token and ignores the header, but
 * keeps it allowed in CORS so their preflights pass.
 */
export const PARTICIPANT_HEADER = 'X-Stageback-Participant';
export const STUDY_HEADER = 'X-Stageback-Study';

/**
 * Browsers send `Origin` on cross-origin requests: only extension origins (of the listed ids, when `allowedIds` is
 * given) get CORS headers, and a request from any other origin is refused outright. Clients without `Origin` (curl,
 * servers) pass: CORS keeps web pages out, tokens keep everyone else out.
 */
export function extensionCors(allowedIds: readonly string[] | null = null): MiddlewareHandler[] {
  const allowed = allowedIds ? new Set(allowedIds) : null;
  const isAllowed = (origin: string) => {
    const id = extensionIdOf(origin);
    return id !== null && (allowed === null || allowed.has(id));
  };
  const refuseOtherOrigins: MiddlewareHandler = async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowed(origin)) {
      const which = allowed ? 'the extensions listed in ALLOWED_EXTENSION_IDS are' : 'browser extension origins are';
      return c.json({ error: `origin ${origin} is not allowed; only ${which}` }, 403);
    }
    await next();
  };
  const allowExtensions = cors({
    origin: (origin) => (isAllowed(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', PARTICIPANT_HEADER, STUDY_HEADER],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
  return [refuseOtherOrigins, allowExtensions];
}
