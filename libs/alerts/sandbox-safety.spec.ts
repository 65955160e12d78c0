import * as fs from 'fs';
import * as path from 'path';

/** This library runs inside Temporal's workflow sandbox: no clock, no randomness, no Node, only relative imports. */
describe('libs/alerts is workflow-sandbox safe', () => {
  const sources = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => ({ f, text: fs.readFileSync(path.join(__dirname, f), 'utf8') }));

  it('has sources to check', () => {
    expect(sources.map((s) => s.f)).toEqual(
      expect.arrayContaining(['index.ts', 'schedule.ts', 'quiet-hours.ts', 'alert-texts.ts', 'china-time.ts']),
    );
  });

  it.each([
    ['Date.now()', /Date\.now\s*\(/],
    ['new Date() without arguments', /new Date\s*\(\s*\)/],
    ['Math.random()', /Math\.random/],
    ['process', /\bprocess\./],
    ['setTimeout', /\bsetTimeout\b/],
    ['non-relative imports', /from\s+'(?!\.)/],
    ['require()', /\brequire\s*\(/],
  ])('no %s', (_what, pattern) => {
    expect(sources.filter((s) => pattern.test(s.text)).map((s) => s.f)).toEqual([]);
  });
});
