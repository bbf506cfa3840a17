import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const TOKEN_SCOPES = ['ingest', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface TokenRecord {
  id: string;
  name: string;
  scope: TokenScope;
  /** The one participant this token writes as and may withdraw; null for team and admin tokens. */
  participantId: string | null;
  /** The study an enrolment token was issued for (its rows carry it); null for tokens made by hand. */
  studyId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** Participant and study ids: opaque, chosen by the study, safe to log and to put in a URL. */
export const PseudonymSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);
export const PSEUDONYM_RULE = '1–128 characters of A–Z a–z 0–9 . _ : -';

/**
 * Who owns the rows a token writes: its participant, or the token itself when it is not bound to one.
 * Rows stored before owners existed are owned by `legacy` (or their header participant), which no token is.
 */
export function ownerOf(token: Pick<TokenRecord, 'id' | 'participantId'>): string {
  return token.participantId ?? `token:${token.id}`;
}
export const LEGACY_OWNER = 'legacy';

/** Why an id cannot be a participant's, or null: the rule above, and never an owner of another kind. */
export function participantIdProblem(id: string): string | null {
  if (!PseudonymSchema.safeParse(id).success) return `a participant id is ${PSEUDONYM_RULE}`;
  if (id === LEGACY_OWNER || id.startsWith('token:')) return `"${id}" is reserved (row owners use it)`;
  return null;
}

const TOKEN_PREFIX = 'sbk_';

/** A new secret: shown once, never stored (only its hash is). */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Tokens are long random strings, so an unsalted SHA-256 is enough to make a leaked table useless. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token in an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export function canUse(scope: TokenScope, needed: TokenScope): boolean {
  return scope === 'admin' || scope === needed;
}
