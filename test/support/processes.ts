/**
 * The system as separate processes, as `npm run dev` runs it: the Temporal dev server on a SQLite
 * file, the embedded PostgreSQL, the worker and the API (each `node -r ts-node/register`), for the
 * benchmark and the fault tests. Every process is started in its own process group and killed with
 * it; `kill9` is the real thing (SIGKILL, no drain).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { diesWithParent } from './dies-with-parent';
import { temporalBinaries } from './temporal-binaries';

const ROOT = join(__dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** The Temporal CLI, from the project's own ensure script when it has not run yet (a fresh clone builds it). */
export function temporalCli(): string {
  try {
    return temporalBinaries().cli;
  } catch {
    const ensured = spawnSync('bash', ['scripts/ensure-temporal.sh'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (ensured.status !== 0) throw new Error('scripts/ensure-temporal.sh did not provide the Temporal binaries');
    return temporalBinaries().cli;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Proc {
  private exited: Promise<void>;
  output = '';

  constructor(readonly name: string, readonly child: ChildProcess, log: string) {
    const file = createWriteStream(log, { flags: 'a' });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        file.write(chunk);
        if (this.output.length < 200_000) this.output += chunk.toString();
      });
    }
    this.exited = new Promise((resolve) => child.once('close', () => {
      file.end();
      resolve();
    }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory now, in bytes (Linux /proc). */
  rss(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  }

  /** CPU time used so far (user + system), in milliseconds. */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  }

  async waitFor(ready: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output.slice(-3000)}`);
      try {
        if (await ready()) return;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not ready within ${timeoutMs} ms:\n${this.output.slice(-3000)}`);
      await sleep(250);
    }
  }

  /** SIGKILL to the process group: no drain, no goodbye. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(-this.pid, 'SIGTERM');
    } catch {
      this.child.kill('SIGTERM');
    }
    const late = setTimeout(() => void this.kill9(), graceMs);
    await this.exited;
    clearTimeout(late);
  }
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, log: string): Proc {
  // Through dies-with-parent: a benchmark or a test killed mid-run takes its servers with it.
  const child = spawn(diesWithParent(command), args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  return new Proc(name, child, log);
}

/**
 * Node's arguments for an entry point: through ts-node, or with BANLI_RUN_DIST=1 the compiled
 * JavaScript in dist/ (`npm run build`), as `npm run dev` runs it (less memory, no compile at start).
 */
const tsNode = (entry: string) =>
  process.env.BANLI_RUN_DIST === '1' ? [join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'))] : ['-r', 'ts-node/register/transpile-only', join(ROOT, entry)];
const tsEnv = { TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') };

export interface TemporalServer {
  proc: Proc;
  address: string;
  dbFile: string;
  /** The SQLite file's bytes, its write-ahead log included. */
  dbBytes(): number;
}

/** The dev server on `dbFile` (kept across restarts), with a long retention as `npm run dev` sets. */
export async function startTemporal(dir: string, dbFile = join(dir, 'temporal.db'), port?: number): Promise<TemporalServer> {
  const cli = temporalCli();
  const grpc = port ?? (await freePort());
  const ui = await freePort();
  const address = `127.0.0.1:${grpc}`;
  const proc = start('Temporal dev server', cli, ['server', 'start-dev', '--db-filename', dbFile, '--ip', '127.0.0.1', '--port', String(grpc), '--ui-port', String(ui), '--log-level', 'warn'], {}, join(dir, 'temporal.log'));
  await proc.waitFor(() => spawnSync(cli, ['operator', 'cluster', 'health', '--address', address], { stdio: 'ignore' }).status === 0, 120_000);
  spawnSync(cli, ['operator', 'namespace', 'update', '--address', address, '--namespace', 'default', '--retention', '3650d'], { stdio: 'ignore' });
  const dbBytes = () => [dbFile, `${dbFile}-wal`].filter(existsSync).reduce((sum, f) => sum + statSync(f).size, 0);
  return { proc, address, dbFile, dbBytes };
}

/** The embedded PostgreSQL (PGlite) as `npm run dev` runs it; prints `ready <url>`. */
export async function startPostgres(dir: string, pgDir = 'memory://'): Promise<{ proc: Proc; url: string }> {
  const proc = start('embedded PostgreSQL', process.execPath, tsNode('scripts/db-server.ts'), { ...tsEnv, BANLI_PG_DIR: pgDir, DB_PORT: '0' }, join(dir, 'db.log'));
  let url = '';
  await proc.waitFor(() => {
    url = /^ready (\S+)/m.exec(proc.output)?.[1] ?? '';
    return url !== '';
  }, 120_000);
  return { proc, url };
}

export interface BanliEnvVars {
  TEMPORAL_ADDRESS: string;
  DATABASE_URL: string;
  TEMPORAL_TASK_QUEUE?: string;
  [name: string]: string | undefined;
}

export async function startWorker(dir: string, env: BanliEnvVars, name = 'worker'): Promise<Proc> {
  // The compiled worker runs with its heap limit, as `npm run dev` starts it (256: WORKER_HEAP_MB's
  // default, written here as in the start scripts: loading BanliEnv needs reflect-metadata); through
  // ts-node (whose compiler shares the heap) it runs without.
  const heap = process.env.BANLI_RUN_DIST === '1' ? [`--max-old-space-size=${env.WORKER_HEAP_MB ?? 256}`] : [];
  // WORKER_CPU_PROF_DIR: V8's CPU profile of each worker, written there when it stops (NODE_OPTIONS cannot carry --cpu-prof).
  const profile = process.env.WORKER_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WORKER_CPU_PROF_DIR}`] : [];
  const proc = start(name, process.execPath, [...heap, ...profile, ...tsNode('apps/worker/src/main.ts')], { ...tsEnv, NODE_ENV: 'development', METRICS_PORT: 'off', ALERT_LOG_PATH: join(dir, 'alerts.jsonl'), ...env }, join(dir, `${name}.log`));
  await proc.waitFor(() => proc.output.includes('polling task queue'), 300_000);
  return proc;
}

/** The API in development mode: it writes an office key to `dir/office-key.txt` on its first start. */
export async function startApi(dir: string, env: BanliEnvVars, port?: number, name = 'api'): Promise<{ proc: Proc; url: string; officeKey: string }> {
  const p = port ?? (await freePort());
  const url = `http://127.0.0.1:${p}`;
  const keyFile = join(dir, 'office-key.txt');
  const proc = start(name, process.execPath, tsNode('apps/api/src/main.ts'), {
    ...tsEnv,
    NODE_ENV: 'development',
    PORT: String(p),
    HOST: '127.0.0.1',
    BANLI_RATE_LIMIT: '100000000',
    BANLI_OFFICE_KEY_FILE: keyFile,
    BANLI_SURVEY_SECRET_FILE: join(dir, 'survey-secret.txt'),
    METRICS_PORT: 'off',
    ...env,
  }, join(dir, `${name}.log`));
  await proc.waitFor(async () => (await fetch(`${url}/health`)).ok, 300_000);
  return { proc, url, officeKey: readFileSync(keyFile, 'utf8').trim() };
}
