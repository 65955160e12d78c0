import { Counter, Histogram, Registry } from 'prom-client';
import { parsePrometheus, valueOf } from './prometheus';

describe('parsePrometheus', () => {
  it('reads what prom-client writes: types, labels (escaped too), histogram series', async () => {
    const registry = new Registry();
    new Counter({ name: 'x_total', help: 'x', labelNames: ['route'], registers: [registry] }).inc({ route: '/a/:id "q"\\n' }, 2);
    new Histogram({ name: 'y_seconds', help: 'y', buckets: [1], registers: [registry] }).observe(0.5);
    const e = parsePrometheus(await registry.metrics());
    expect(e.types).toEqual(new Map([['x_total', 'counter'], ['y_seconds', 'histogram']]));
    expect(valueOf(e, 'x_total', { route: '/a/:id "q"\\n' })).toBe(2);
    expect(valueOf(e, 'y_seconds_bucket', { le: '+Inf' })).toBe(1);
    expect(valueOf(e, 'y_seconds_count')).toBe(1);
    expect(valueOf(e, 'absent_total')).toBe(0);
  });

  it('refuses what a scraper would refuse', () => {
    expect(() => parsePrometheus('x 1\n')).toThrow('no declared family');
    expect(() => parsePrometheus('# TYPE x counter\nx{a="1" 1\n')).toThrow('malformed');
    expect(() => parsePrometheus('# TYPE x counter\nx one\n')).toThrow('malformed value');
    expect(() => parsePrometheus('# TYPE x countr\n')).toThrow('unknown type');
    expect(() => parsePrometheus('{"json": true}')).toThrow('malformed');
  });
});
