import { z } from 'zod';
import { t } from '../i18n';

const WhoamiSchema = z.object({
  token: z.string(),
  scope: z.enum(['ingest', 'admin']),
  participantId: z.string().nullable(),
});

/** What the collector says about a token (`GET /v1/whoami`). */
export type Whoami =
  | { kind: 'known'; scope: 'ingest' | 'admin'; participantId: string | null }
  /** 404 or an answer that is not a whoami answer: an older collector that cannot say. */
  | { kind: 'unsupported' }
  | { kind: 'rejected'; status: number }
  /** 410: the participant withdrew; the token is revoked. */
  | { kind: 'withdrawn' }
  | { kind: 'unreachable' };

/** The whoami URL next to an ingest URL: `…/v1/ingest` → `…/v1/whoami`; any other path → `<origin>/v1/whoami`. */
export function whoamiUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = url.pathname.endsWith('/ingest') ? url.pathname.replace(/\/ingest$/, '/whoami') : '/v1/whoami';
  return url.toString();
}

export async function askWhoami(endpoint: string, token: string, doFetch: typeof fetch = fetch): Promise<Whoami> {
  let res: Response;
  try {
    res = await doFetch(whoamiUrl(endpoint), {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  if (res.status === 401 || res.status === 403) return { kind: 'rejected', status: res.status };
  if (res.status === 410) return { kind: 'withdrawn' };
  if (!res.ok) return res.status === 404 ? { kind: 'unsupported' } : { kind: 'unreachable' };
  const parsed = WhoamiSchema.safeParse(await res.json().catch(() => null));
  return parsed.success
    ? { kind: 'known', scope: parsed.data.scope, participantId: parsed.data.participantId }
    : { kind: 'unsupported' };
}

/** The options page's line about who the collector thinks the user is. */
export function describeWhoami(w: Whoami): string {
  switch (w.kind) {
    case 'known':
      return w.participantId !== null ? t('bgWhoamiParticipant', w.participantId) : t('bgWhoamiTeam');
    case 'unsupported':
      return t('bgWhoamiUnsupported');
    case 'rejected':
      return t('bgWhoamiRejected');
    case 'withdrawn':
      return t('bgWhoamiWithdrawn');
    case 'unreachable':
      return t('bgWhoamiUnreachable');
  }
}
