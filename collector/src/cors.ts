import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Chrome and Edge extension ids are 32 letters a–p; Firefox gives each install a UUID. */
const EXTENSION_ORIGIN =
  /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})$/;

export const isExtensionOrigin = (origin: string): boolean => EXTENSION_ORIGIN.test(origin);

export const PARTICIPANT_HEADER = 'X-Stageback-Participant';
export const STUDY_HEADER = 'X-Stageback-Study';

/**
 * Browsers send `Origin` on cross-origin requests: only extension origins get CORS headers, and a
 * request from any other origin is refused outright. Clients without `Origin` (curl, servers) pass.
 */
export function extensionCors(): MiddlewareHandler[] {
  const refuseOtherOrigins: MiddlewareHandler = async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !isExtensionOrigin(origin)) {
      return c.json({ error: `origin ${origin} is not allowed; only browser extension origins are` }, 403);
    }
    await next();
  };
  const allowExtensions = cors({
    origin: (origin) => (isExtensionOrigin(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', PARTICIPANT_HEADER, STUDY_HEADER],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
  return [refuseOtherOrigins, allowExtensions];
}
