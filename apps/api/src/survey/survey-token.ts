import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Survey links: a token per submitter and round, signed by the server (HMAC-SHA256 with
 * BANLI_SURVEY_SECRET), expiring with the round's survey window. Nothing is stored: the token
 * carries what it is for, and its signature proves the server issued it.
 *
 * Format: `<payload>.<signature>`, both base64url without padding. The payload is the JSON
 * `{"c": caseId, "s": submitter, "r": round, "e": expiry in Unix seconds}`; the signature is the
 * HMAC-SHA256 of `banli-survey-link.v1.<payload>` (the text as sent, so nothing is re-encoded
 * before it is checked). Compared in constant time.
 */
export interface SurveyClaim {
  caseId: string;
  submitter: string;
  round: number;
  /** When the link stops working: the round's survey window ends (its `dueAt`). */
  expiresAt: Date;
}

const CONTEXT = 'banli-survey-link.v1.';
/** A payload of a long case id and a 100-character name stays far below this. */
const MAX_TOKEN_LENGTH = 2048;
const SHAPE = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(CONTEXT + payload).digest();
}

export function signSurveyToken(claim: SurveyClaim, secret: string): string {
  const expiry = Math.floor(claim.expiresAt.getTime() / 1000);
  const payload = Buffer.from(JSON.stringify({ c: claim.caseId, s: claim.submitter, r: claim.round, e: expiry })).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * What a token is for, if the server signed it (expired or not: the caller decides); undefined
 * for anything else — malformed, altered, or signed with another secret.
 */
export function verifySurveyToken(token: string, secret: string): SurveyClaim | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const match = SHAPE.exec(token);
  if (!match) return undefined;
  const [, payload, signature] = match;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const { c, s, r, e } = (fields ?? {}) as Record<string, unknown>;
  if (typeof c !== 'string' || c === '' || typeof s !== 'string' || s === '') return undefined;
  if (!Number.isInteger(r) || (r as number) < 1 || !Number.isInteger(e)) return undefined;
  return { caseId: c, submitter: s, round: r as number, expiresAt: new Date((e as number) * 1000) };
}
