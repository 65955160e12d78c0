import { createHash, randomBytes } from 'node:crypto';

/** `banli_` and 32–128 URL-safe characters; generated keys carry 24 random bytes (32 characters). */
export const KEY_PATTERN = /^banli_[A-Za-z0-9_-]{32,128}$/;

/** How many characters of a key are kept to tell keys apart (`banli_` and 8 more). */
export const PREFIX_LENGTH = 14;

export function generateKey(): string {
  return `banli_${randomBytes(24).toString('base64url')}`;
}

/** SHA-256 of the key, hex: all that is stored. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function prefixOf(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}

export type KeyStatus = 'active' | 'expired' | 'revoked';

/** Revoked once revoked; expired from its expiry instant on. */
export function statusOf(key: { revoked_at: Date | null; expires_at: Date | null }, now: Date): KeyStatus {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && key.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export type Presented =
  | { kind: 'none' }
  | { kind: 'key'; key: string }
  | { kind: 'malformed'; problem: string };

export function presentedKey(headers: Record<string, string | string[] | undefined>): Presented {
  const authorization = single(headers.authorization);
  const apiKey = single(headers['x-api-key']);
  let key: string | undefined;
  if (authorization !== undefined) {
    const bearer = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization);
    if (!bearer) return { kind: 'malformed', problem: 'the Authorization header must be "Bearer <API key>"' };
    key = bearer[1];
    if (apiKey !== undefined && apiKey.trim() !== key) {
      return { kind: 'malformed', problem: 'Authorization and X-API-Key name different keys' };
    }
  } else if (apiKey !== undefined) {
    key = apiKey.trim();
  }
  if (key === undefined || key === '') return authorization === undefined && apiKey === undefined ? { kind: 'none' } : { kind: 'malformed', problem: 'the API key is empty' };
  return { kind: 'key', key };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
