import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EmbeddedPostgres } from '../../libs/db/embedded-server';
import { spawnedServers } from './spawned-servers';

const ROOT = join(__dirname, '..', '..');

/** How long the server may take to print `ready` before it is killed and the start fails. */
const READY_WITHIN_MS = 90_000;
/** How long SIGTERM may take before SIGKILL. */
const STOP_WITHIN_MS = 10_000;

/**
 * Servers this process spawned and has not seen exit: killed when it exits normally. Inside Jest
 * `process` is a per-file copy whose 'exit' never fires; there the test environment
 * (test/support/environment.ts) kills and reports any left after a file's last hook, and the
 * stdin pipe ends them with Jest.
 */
const live = spawnedServers();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * An in-memory embedded PostgreSQL in its own process (scripts/db-server.ts, as `npm run dev`
 * runs it): PGlite loads its WebAssembly with a dynamic import, which Jest's VM does not allow.
 *
 * The server dies with this process, however it ends (even SIGKILL): it holds the read end of
 * a pipe on its stdin, which this process never closes, and exits when the pipe ends
 * (BANLI_PG_PARENT_PIPE). Once ready it no longer holds this process's event loop open, so a
 * suite that leaks one cannot keep Jest running after its last test.
 */
export async function spawnEmbeddedPostgres(options: { readyWithinMs?: number } = {}): Promise<EmbeddedPostgres & { pid: number }> {
  const readyWithinMs = options.readyWithinMs ?? READY_WITHIN_MS;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts', 'db-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, BANLI_PG_DIR: 'memory://', DB_PORT: '0', BANLI_PG_PARENT_PIPE: '1', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  // Never written to nor ended: its end is the server's signal that this process is gone.
  child.stdin!.on('error', () => undefined);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.ref();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_WITHIN_MS))),
    ]);
    clearTimeout(timer);
    if (killed) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const ready = /^ready (\S+)/.exec(line);
        if (ready) resolve(ready[1]);
      });
      child.once('error', (err) => reject(new Error(`embedded PostgreSQL did not start: ${err.message}`)));
      child.once('exit', (code, signal) => reject(new Error(`embedded PostgreSQL exited (${code ?? signal}): ${stderr}`)));
      timer = setTimeout(() => reject(new Error(`embedded PostgreSQL was not ready within ${readyWithinMs} ms: ${stderr}`)), readyWithinMs);
    });
    for (const handle of [child, child.stdin, child.stdout, child.stderr]) (handle as { unref?: () => void } | null)?.unref?.();
    return { url, pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
