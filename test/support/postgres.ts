import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EmbeddedPostgres } from '../../libs/db/embedded-server';

const ROOT = join(__dirname, '..', '..');

/**
 * An in-memory embedded PostgreSQL in its own process (scripts/db-server.ts, as `npm run dev`
 * runs it): PGlite loads its WebAssembly with a dynamic import, which Jest's VM does not allow.
 */
export async function spawnEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts', 'db-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, BANLI_PG_DIR: 'memory://', DB_PORT: '0', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const ready = /^ready (\S+)/.exec(line);
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}): ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
