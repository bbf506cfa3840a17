import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PseudonymSchema } from './tokens';

const CODE_PREFIX = 'sbe_';
/** An enrolment code: the prefix and 128 random bits, base64url. */
export const ENROLMENT_CODE = /^sbe_[A-Za-z0-9_-]{22}$/;

export function generateEnrolmentCode(): string {
  return `${CODE_PREFIX}${randomBytes(16).toString('base64url')}`;
}

/** Only the code's hash is stored: a leaked table cannot be used to enrol. */
export function hashEnrolmentCode(code: string): string {
  return createHash('sha256').update(`enrol:${code}`, 'utf8').digest('hex');
}

/** A fresh participant id: server-generated and unguessable (122 random bits). */
export const newParticipantId = (): string => `p-${randomUUID()}`;

/** The link participants paste into Stageback (and may open: the collector serves a page that says so). */
export function enrolmentLink(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/enrol/${code}`;
}

/** A study id from its name: lower-case letters, digits and dashes, at most 64 characters. */
export function studyIdFrom(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'study';
}

export function studyIdProblem(id: string): string | null {
  return PseudonymSchema.safeParse(id).success ? null : 'a study id is 1–128 characters of A–Z a–z 0–9 . _ : -';
}

/**
 * When `--expires` ends the code: a bare date (2027-01-31) lasts to the end of that day in UTC; a date with a time
 * ends then. Null for input that is neither.
 */
export function expiryFrom(input: string): string | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (day) {
    const start = new Date(`${input.trim()}T00:00:00.000Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== input.trim()) return null;
    return new Date(start.getTime() + 86_400_000).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(input.trim())) return null;
  const at = new Date(input.trim());
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
