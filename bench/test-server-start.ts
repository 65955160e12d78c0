/**
 * Cold start of the time-skipping test server as the SDK sees it: from createTimeSkipping() to a
 * connected environment (the SDK gives up after 5 s). Compares the wrapper with its
 * class-data-sharing archive to the same JVM without it.
 *
 *   npm run bench:test-server
 */
import '../test/support/quiet-runtime';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { temporalBinaries } from '../test/support/temporal-binaries';

const RUNS = Number(process.env.RUNS ?? 5);

async function coldStartMs(path: string): Promise<number> {
  const t0 = performance.now();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  const ms = performance.now() - t0;
  await env.teardown();
  return ms;
}

function withoutArchive(wrapper: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'banli-ts-'));
  const classpath = readFileSync(join(dirname(wrapper), 'classpath.txt'), 'utf8').trim();
  const path = join(dir, 'temporal-test-server');
  writeFileSync(path, `#!/bin/sh\nexec java -cp "${classpath}" io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

async function measure(label: string, path: string): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await coldStartMs(path));
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(34)} median ${median.toFixed(0)} ms  (min ${samples[0].toFixed(0)}, max ${samples.at(-1)!.toFixed(0)}, n=${RUNS})`);
}

(async () => {
  const { testServer } = temporalBinaries();
  await measure('test server, CDS + C1 (banli wrapper)', testServer);
  await measure('test server, plain java', withoutArchive(testServer));
})();
