import { createHmac } from 'node:crypto';
import { signSurveyToken, verifySurveyToken } from './survey-token';

const secret = 'a'.repeat(48);
const claim = { caseId: 'chengde-hitech-2024.npc-suggestion.273', submitter: '贠连成', round: 1, expiresAt: new Date('2024-07-05T16:00:00Z') };

describe('survey tokens', () => {
  it('round-trip: a token the server signed says which case, submitter, round and expiry it is for', () => {
    const token = signSurveyToken(claim, secret);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifySurveyToken(token, secret)).toEqual(claim);
  });

  it('refuses a token signed with another secret, an altered payload or signature, and garbage', () => {
    const token = signSurveyToken(claim, secret);
    const [payload, signature] = token.split('.');
    expect(verifySurveyToken(token, 'b'.repeat(48))).toBeUndefined();
    const other = Buffer.from(JSON.stringify({ c: claim.caseId, s: '某某', r: 1, e: 1720195200 })).toString('base64url');
    expect(verifySurveyToken(`${other}.${signature}`, secret)).toBeUndefined();
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    expect(verifySurveyToken(`${payload}.${flipped}`, secret)).toBeUndefined();
    for (const bad of ['', '.', 'abc', `${payload}.`, `${payload}.${signature}.x`, `${payload}.${signature}x`, 'x'.repeat(5000)]) {
      expect(verifySurveyToken(bad, secret)).toBeUndefined();
    }
  });

  it('is the documented format: HMAC-SHA256 of banli-survey-link.v1.<payload>; a signed payload must still be a claim', () => {
    const signed = (fields: unknown) => {
      const p = Buffer.from(JSON.stringify(fields)).toString('base64url');
      return `${p}.${createHmac('sha256', secret).update(`banli-survey-link.v1.${p}`).digest('base64url')}`;
    };
    expect(signed({ c: claim.caseId, s: claim.submitter, r: 1, e: 1720195200 })).toBe(signSurveyToken(claim, secret));
    for (const fields of [{ c: 'x', s: 'y', r: 0, e: 1 }, { c: '', s: 'y', r: 1, e: 1 }, { c: 'x', s: 'y', r: 1, e: 1.5 }, ['x'], null, 'text']) {
      expect(verifySurveyToken(signed(fields), secret)).toBeUndefined();
    }
  });
});
