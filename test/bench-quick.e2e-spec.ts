/**
 * `npm run bench` in its quick sizes (BENCH_QUICK=1), end to end: it starts its own system, runs
 * every measurement and writes its JSON with every figure. Speeds are not asserted here (the
 * benchmark measures them; a busy machine must not fail a test).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(1_200_000);

const ROOT = join(__dirname, '..');

/** The figures `npm run bench` must print, by the start of their name. */
const FIGURES = [
  'launch 40 cases, until every case is started',
  'launch 40 cases, until every case has settled',
  'step call during the banli launch p99',
  'case read during the banli launch p99',
  'step latency p50',
  'step latency p99',
  'worker CPU per step',
  'history events per full case',
  'history bytes per full case',
  'alert latency p50',
  'alert latency p99 (few)',
  'alert latency p99 (stress)',
  'worker CPU per alert',
  'worker RSS with',
  'API RSS with',
  'dev server SQLite bytes per case',
  'case list by unit and stage',
  'time-skipping: full case with a re-handling round',
];

it('the quick benchmark measures every figure against raw Temporal and writes them as JSON', async () => {
  const out = mkdtempSync(join(tmpdir(), 'banli-bench-results-'));
  let output = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench/run.ts')], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), BENCH_QUICK: '1', BENCH_RESULTS_DIR: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`the bench exited ${code}:\n${output.slice(-5000)}`);
  const files = readdirSync(out);
  expect(files).toEqual([`${new Date().toISOString().slice(0, 10)}-quick.json`]);
  const result = JSON.parse(readFileSync(join(out, files[0]), 'utf8')) as { quick: boolean; figures: { figure: string; banli: number | null; raw: number | null; ratio: number | null }[] };
  expect(result.quick).toBe(true);
  for (const name of FIGURES) {
    const figure = result.figures.find((f) => f.figure.startsWith(name));
    expect({ name, measured: typeof figure?.banli === 'number' }).toEqual({ name, measured: true });
  }
  // Side by side: the launch, the steps and the list have their raw-Temporal figure and ratio.
  for (const name of ['launch 40 cases, until every case is started', 'step latency p99', 'case list by unit and stage']) {
    const figure = result.figures.find((f) => f.figure.startsWith(name))!;
    expect({ name, raw: typeof figure.raw, ratio: typeof figure.ratio }).toEqual({ name, raw: 'number', ratio: 'number' });
  }
  // The printed table has the same figures.
  for (const name of FIGURES) expect(output).toContain(name);
});
