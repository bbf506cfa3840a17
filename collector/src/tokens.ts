import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_SCOPES = ['ingest', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface TokenRecord {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  revokedAt: string | null;
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
