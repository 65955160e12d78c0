import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');
/** Generous on purpose: two ts-node processes and PGlite's WebAssembly on a busy 2-core machine. */
const START_MS = 120_000;
/** How long a server whose parent is gone may take to notice and exit. */
const GONE_WITHIN_MS = 30_000;

/** Whether `pid` still runs: an exited process waiting to be reaped (a zombie) does not. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux'; // gone between the two checks on Linux; elsewhere, kill(0) is all there is
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (running(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** The first line of `child`'s stdout that matches `pattern`, or an error with its stderr. */
function lineOf(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${ms} ms: ${stderr}`)), ms);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = pattern.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before a line matching ${pattern}: ${stderr}`));
    });
  });
}

async function answers(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('select 1 as one')).rows[0].one;
  } finally {
    await client.end();
  }
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe('the embedded PostgreSQL server of the tests', () => {
  const leftovers: number[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    // Whatever an assertion left running.
    for (const pid of leftovers.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it('dies with the process that spawned it, even one killed with SIGKILL', async () => {
    // A throwaway parent that starts a server as the suites do, reports it, and then idles.
    const parent = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', `
        require('./test/support/postgres').spawnEmbeddedPostgres().then(
          (pg) => { process.stdout.write('server ' + pg.pid + ' ' + pg.url + '\\n'); setInterval(() => undefined, 60_000); },
          (err) => { process.stderr.write(String(err) + '\\n'); process.exit(1); },
        );`],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(parent);
    const [, pid, url] = await lineOf(parent, /^server (\d+) (\S+)/, START_MS);
    const server = Number(pid);
    leftovers.push(server);
    expect(await answers(url)).toBe(1);

    parent.kill('SIGKILL');
    await exited(parent);

    expect(await goneWithin(server, GONE_WITHIN_MS)).toBe(true);
  }, START_MS + GONE_WITHIN_MS + 30_000);

  it('keeps running without a parent pipe (npm run dev: stdin is /dev/null), and stops on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, BANLI_PG_DIR: 'memory://', DB_PORT: '0', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') };
    delete env.BANLI_PG_PARENT_PIPE;
    const server = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts', 'db-server.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(server);
    const [, url] = await lineOf(server, /^ready (\S+)/, START_MS);
    expect(await answers(url)).toBe(1);
    expect(server.exitCode).toBeNull();

    const code = new Promise<number | null>((resolve) => server.once('exit', (c) => resolve(c)));
    server.kill('SIGTERM');
    expect(await code).toBe(0);
  }, START_MS + 30_000);
});
