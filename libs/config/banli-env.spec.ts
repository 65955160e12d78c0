import 'reflect-metadata';
import { loadEnv } from './banli-env';

/** What every environment needs; each test adds its own. */
const BASE = { DATABASE_URL: 'postgres://banli@127.0.0.1:5432/banli' };

/** The message loadEnv throws for this environment. */
function problemsOf(source: Record<string, string>): string {
  try {
    loadEnv({ ...BASE, ...source });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the environment was accepted');
}

describe('configuration errors name the variable and never print a secret', () => {
  it('names a near-valid bootstrap office key without printing it', () => {
    const nearlyAKey = `banli_${'s3cr3t'.repeat(5)}`; // 30 characters after banli_: two short of a key
    const message = problemsOf({ BANLI_BOOTSTRAP_OFFICE_KEY: nearlyAKey });
    expect(message).toContain('BANLI_BOOTSTRAP_OFFICE_KEY');
    expect(message).not.toContain('s3cr3t');
  });

  it.each([
    ['BANLI_SURVEY_SECRET', 'too short but secret'],
    ['BANLI_METRICS_TOKEN', 'tok en'],
  ])('names %s without printing it', (name, value) => {
    const message = problemsOf({ [name]: value });
    expect(message).toContain(name);
    expect(message).not.toContain(value);
  });

  it('prints a value that is no secret, to show what is wrong with it', () => {
    expect(problemsOf({ BANLI_TRACING: 'sometimes' })).toContain('BANLI_TRACING=sometimes');
  });
});

describe('the network settings', () => {
  it.each(['', '1', '2', 'loopback', '10.0.0.0/8, 192.168.1.1', 'loopback,uniquelocal,fd00::/8'])('BANLI_TRUST_PROXY=%j is accepted', (value) => {
    expect(loadEnv({ ...BASE, BANLI_TRUST_PROXY: value }).BANLI_TRUST_PROXY).toBe(value);
  });

  it.each(['yes', 'proxy.example.org', '10.0.0.0/33'])('BANLI_TRUST_PROXY=%j is refused, naming it', (value) => {
    expect(problemsOf({ BANLI_TRUST_PROXY: value })).toContain('BANLI_TRUST_PROXY');
  });

  it('BANLI_WEBHOOK_ALLOW_HOSTS takes host names, addresses and networks, and refuses anything else', () => {
    expect(loadEnv({ ...BASE, BANLI_WEBHOOK_ALLOW_HOSTS: 'hooks.office.internal, 10.20.0.0/16, ::1, loopback' }).BANLI_WEBHOOK_ALLOW_HOSTS).toContain('hooks');
    expect(problemsOf({ BANLI_WEBHOOK_ALLOW_HOSTS: 'http://hooks.internal/' })).toContain('BANLI_WEBHOOK_ALLOW_HOSTS');
  });
});
