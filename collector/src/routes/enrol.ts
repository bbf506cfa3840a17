import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { uuidv7 } from '../../../utils/uuidv7';
import { BodyError, readBodyText } from '../body';
import type { Logger } from '../log';
import { type BucketOptions, RateLimiter } from '../rate-limit';
import { enrolmentVerdict } from '../store/study-types';
import type { Store, StudyRecord } from '../store/types';
import { ENROLMENT_CODE, hashEnrolmentCode, newParticipantId } from '../studies';
import { generateToken, hashToken } from '../tokens';
import { enrolmentPage } from './enrol-page';

/** Enrolment requests per client address: 10 at once, then one every 6 s. */
export const DEFAULT_ENROL_RATE_LIMIT: BucketOptions = { ratePerSecond: 1 / 6, burst: 10 };
const MAX_ENROL_BODY_BYTES = 4_096;

const EnrolBodySchema = z.object({ code: z.string().max(200) });

/** What the messages say about a code that does not enrol anyone, and with which status. */
const REFUSALS = {
  malformed: [400, 'This is not a Stageback enrolment code. Copy the whole link the researchers gave you.'],
  unknown: [404, 'This collector knows no study with this enrolment code. Check that you copied the whole link.'],
  expired: [410, 'This enrolment code has expired: the study no longer takes new participants with it.'],
  full: [409, 'This study is full: its enrolment code has been used as many times as the researchers allowed.'],
} as const;

export interface EnrolRouteOptions {
  store: Store;
  log: Logger;
  now: () => Date;
  rateLimit?: BucketOptions;
}

const publicStudy = (study: StudyRecord) => ({
  id: study.id,
  name: study.name,
  consentText: study.consentText,
  expiresAt: study.expiresAt,
});

/** The client address, for the per-address limit (the socket's: a proxy in front should limit too). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Enrolment, before any token exists: the page behind an enrolment link, the study a code opens, and minting a
 * participant's token. Mounted before the bearer-token check.
 */
// biome-ignore lint/suspicious/noExplicitAny: mounted on the app whatever its variables
export function mountEnrolment(app: Hono<any>, options: EnrolRouteOptions): void {
  const { store, log, now } = options;
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULT_ENROL_RATE_LIMIT);

  const refuse = (c: Context, why: keyof typeof REFUSALS) => {
    const [status, message] = REFUSALS[why];
    return c.json({ error: message, reason: why }, status);
  };
  const limited = (c: Context) => {
    const verdict = limiter.take(clientAddress(c));
    if (verdict.allowed) return null;
    c.header('Retry-After', String(verdict.retryAfterSeconds));
    return c.json(
      { error: `Too many enrolment attempts from your address; try again in ${verdict.retryAfterSeconds} s.` },
      429,
    );
  };
  /** The code in a JSON body `{code}`, or a refusal. */
  const readCode = async (c: Context): Promise<string | Response> => {
    let json: unknown;
    try {
      json = JSON.parse(await readBodyText(c.req.raw, MAX_ENROL_BODY_BYTES));
    } catch (caught) {
      if (caught instanceof BodyError) return c.json({ error: caught.message }, caught.status);
      return c.json({ error: 'the request body must be JSON: {"code": "sbe_…"}' }, 400);
    }
    const parsed = EnrolBodySchema.safeParse(json);
    if (!parsed.success) return c.json({ error: 'the request body must be JSON: {"code": "sbe_…"}' }, 400);
    return ENROLMENT_CODE.test(parsed.data.code) ? parsed.data.code : refuse(c, 'malformed');
  };

  app.get('/enrol/:code', async (c) => {
    const tooMany = limited(c);
    if (tooMany) return tooMany;
    const code = c.req.param('code');
    const study = ENROLMENT_CODE.test(code) ? await store.findStudyByCode(hashEnrolmentCode(code)) : null;
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(
      enrolmentPage(study ? { name: study.name, link: new URL(c.req.url).toString() } : null),
      study ? 200 : 404,
    );
  });

  app.post('/v1/enrol/study', async (c) => {
    const tooMany = limited(c);
    if (tooMany) return tooMany;
    const code = await readCode(c);
    if (code instanceof Response) return code;
    const study = await store.findStudyByCode(hashEnrolmentCode(code));
    if (!study) return refuse(c, 'unknown');
    const verdict = enrolmentVerdict(study, now().toISOString());
    return verdict.kind === 'enrolled' ? c.json({ study: publicStudy(study) }) : refuse(c, verdict.kind);
  });

  app.post('/v1/enrol', async (c) => {
    const tooMany = limited(c);
    if (tooMany) return tooMany;
    const code = await readCode(c);
    if (code instanceof Response) return code;
    const at = now().toISOString();
    const participantId = newParticipantId();
    const secret = generateToken();
    const outcome = await store.enrol(hashEnrolmentCode(code), at, participantId, {
      id: uuidv7(),
      name: `enrolled ${participantId}`,
      scope: 'ingest',
      participantId,
      hash: hashToken(secret),
      createdAt: at,
    });
    if (outcome.kind !== 'enrolled') return refuse(c, outcome.kind);
    log('info', 'participant enrolled', { study: outcome.study.id, participant: participantId });
    return c.json({ token: secret, participantId, study: publicStudy(outcome.study) }, 201);
  });
}
