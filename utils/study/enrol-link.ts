import { t } from '../i18n';
import { checkEndpoint } from '../sync/settings';

/** An enrolment code as `study create` makes it. */
export const ENROLMENT_CODE = /^sbe_[A-Za-z0-9_-]{22}$/;

export type EnrolmentInput =
  | { ok: true; collector: string; code: string; permissionPattern: string }
  /** A bare code: the collector's address must come from elsewhere. */
  | { ok: false; needsCollector: true; code: string; reason: string }
  | { ok: false; needsCollector: false; reason: string };

/**
 * What the participant pasted: the enrolment link (`https://collector.example/enrol/sbe_…`), or the bare code plus
 * the collector's address. The link's collector follows the sync rules (HTTPS, plain HTTP only to this computer).
 */
export function parseEnrolmentInput(pasted: string, collectorAddress = ''): EnrolmentInput {
  const text = pasted.trim();
  if (text === '') return { ok: false, needsCollector: false, reason: t('bgEnrolEmpty') };
  if (ENROLMENT_CODE.test(text)) {
    if (collectorAddress.trim() === '') {
      return {
        ok: false,
        needsCollector: true,
        code: text,
        reason: t('bgEnrolCodeAlone'),
      };
    }
    return withCollector(collectorAddress, text);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      ok: false,
      needsCollector: false,
      reason: t('bgEnrolNotLink'),
    };
  }
  const match = /\/enrol\/(sbe_[A-Za-z0-9_-]{22})\/?$/.exec(url.pathname);
  if (!match?.[1]) {
    return {
      ok: false,
      needsCollector: false,
      reason: t('bgEnrolWrongLink'),
    };
  }
  return withCollector(url.origin, match[1]);
}

function withCollector(address: string, code: string): EnrolmentInput {
  const endpoint = checkEndpoint(address);
  if (!endpoint.ok) return { ok: false, needsCollector: false, reason: endpoint.reason };
  return { ok: true, collector: endpoint.origin, code, permissionPattern: endpoint.permissionPattern };
}
