import { createHash } from 'node:crypto';
import { generateKey, hashKey, KEY_PATTERN, prefixOf, presentedKey, statusOf } from './api-key';

describe('API key format and hashing', () => {
  it('generates banli_ keys of 32 URL-safe characters, each different', () => {
    const keys = Array.from({ length: 200 }, generateKey);
    for (const key of keys) expect(key).toMatch(/^banli_[A-Za-z0-9_-]{32}$/);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(KEY_PATTERN.test(key)).toBe(true);
  });

  it('stores SHA-256 hex of the key, and shows only its first 14 characters', () => {
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const key = generateKey();
    expect(hashKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(prefixOf(key)).toBe(key.slice(0, 14));
    expect(prefixOf(key).startsWith('banli_')).toBe(true);
  });
});

describe('key status', () => {
  const now = new Date('2026-05-01T00:00:00Z');
  it('is active without expiry or revocation, and before its expiry', () => {
    expect(statusOf({ revoked_at: null, expires_at: null }, now)).toBe('active');
    expect(statusOf({ revoked_at: null, expires_at: new Date('2026-05-01T00:00:01Z') }, now)).toBe('active');
  });
  it('is expired from its expiry instant on', () => {
    expect(statusOf({ revoked_at: null, expires_at: now }, now)).toBe('expired');
    expect(statusOf({ revoked_at: null, expires_at: new Date('2020-01-01T00:00:00Z') }, now)).toBe('expired');
  });
  it('is revoked once revoked, expired or not', () => {
    expect(statusOf({ revoked_at: new Date('2026-04-01T00:00:00Z'), expires_at: null }, now)).toBe('revoked');
    expect(statusOf({ revoked_at: new Date('2026-04-01T00:00:00Z'), expires_at: new Date('2020-01-01T00:00:00Z') }, now)).toBe('revoked');
  });
});

describe('the key a request presents', () => {
  const key = 'banli_' + 'k'.repeat(32);
  it('reads Authorization: Bearer, in any case of the scheme, or X-API-Key', () => {
    expect(presentedKey({ authorization: `Bearer ${key}` })).toEqual({ kind: 'key', key });
    expect(presentedKey({ authorization: `bearer  ${key}` })).toEqual({ kind: 'key', key });
    expect(presentedKey({ 'x-api-key': ` ${key} ` })).toEqual({ kind: 'key', key });
    expect(presentedKey({ authorization: `Bearer ${key}`, 'x-api-key': key })).toEqual({ kind: 'key', key });
  });
  it('is none without either header', () => {
    expect(presentedKey({})).toEqual({ kind: 'none' });
  });
  it('is malformed for another scheme, an empty key, or two different keys', () => {
    expect(presentedKey({ authorization: `Basic ${key}` }).kind).toBe('malformed');
    expect(presentedKey({ authorization: 'Bearer' }).kind).toBe('malformed');
    expect(presentedKey({ authorization: `Bearer ${key} extra` }).kind).toBe('malformed');
    expect(presentedKey({ 'x-api-key': '' }).kind).toBe('malformed');
    expect(presentedKey({ authorization: `Bearer ${key}`, 'x-api-key': `${key}x` })).toEqual({
      kind: 'malformed', problem: 'Authorization and X-API-Key name different keys',
    });
  });
});
