import 'reflect-metadata';
import { loadEnv } from '../config';

/** The observability settings of BanliEnv: defaults off or loopback, each refused when wrong. */
describe('observability environment', () => {
  const base = { DATABASE_URL: 'postgres://localhost/banli' };

  it('defaults: /metrics open, the worker’s metrics on loopback port 9464, tracing off', () => {
    const env = loadEnv(base);
    expect([env.BANLI_METRICS_TOKEN, env.METRICS_PORT, env.METRICS_HOST, env.BANLI_TRACING]).toEqual(['', 9464, '127.0.0.1', 'off']);
  });

  it('takes a port, 0 (any free port) or off for the worker’s metrics', () => {
    expect(loadEnv({ ...base, METRICS_PORT: '9100' }).METRICS_PORT).toBe(9100);
    expect(loadEnv({ ...base, METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
    expect(loadEnv({ ...base, METRICS_PORT: 'off' }).METRICS_PORT).toBe('off');
    expect(() => loadEnv({ ...base, METRICS_PORT: 'on' })).toThrow(/METRICS_PORT=on: .*must be a port number \(0 for any free one\) or off/);
    expect(() => loadEnv({ ...base, METRICS_PORT: '70000' })).toThrow('METRICS_PORT=70000');
  });

  it('takes otlp or console tracing, and a metrics token of 16 characters or more', () => {
    expect(loadEnv({ ...base, BANLI_TRACING: 'otlp' }).BANLI_TRACING).toBe('otlp');
    expect(() => loadEnv({ ...base, BANLI_TRACING: 'jaeger' })).toThrow('BANLI_TRACING=jaeger');
    expect(loadEnv({ ...base, BANLI_METRICS_TOKEN: 'a-scrape-token-of-32-characters!' }).BANLI_METRICS_TOKEN).toBe('a-scrape-token-of-32-characters!');
    expect(() => loadEnv({ ...base, BANLI_METRICS_TOKEN: 'short' })).toThrow('BANLI_METRICS_TOKEN must be at least 16 characters');
    expect(() => loadEnv({ ...base, BANLI_METRICS_TOKEN: 'has a space in the middle' })).toThrow('BANLI_METRICS_TOKEN');
  });
});
