import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { diesWithParent } from './dies-with-parent';

/** How long the watchdog (it looks once a second) may take to notice and end the process. */
const GONE_WITHIN_MS = 30_000;

/** Whether `pid` still runs: an exited process waiting to be reaped (a zombie) does not. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('diesWithParent (how the suites start Temporal servers)', () => {
  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
  });

  it('passes its arguments through and keeps the pid (exec), then ends the process once its parent is killed with SIGKILL', async () => {
    const executable = diesWithParent('/bin/sleep');
    // A throwaway parent: starts `sleep 600` through the script as @temporalio/testing would, reports its pid, idles.
    const parent = spawn(
      process.execPath,
      ['-e', `
        const child = require('node:child_process').spawn(${JSON.stringify(executable)}, ['600'], { stdio: 'ignore' });
        child.once('spawn', () => process.stdout.write('child ' + child.pid + '\\n'));
        setInterval(() => undefined, 60_000);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      createInterface({ input: parent.stdout! }).on('line', (line) => {
        const m = /^child (\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
      });
      parent.once('exit', (code) => reject(new Error(`the parent exited (${code})`)));
    });
    started.push(pid);
    // Once exec'd, the pid the parent knows is sleep's own, with the arguments it was given.
    const commandOf = () =>
      process.platform === 'linux'
        ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ')
        : execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    expect(await until(() => commandOf() === '/bin/sleep 600', GONE_WITHIN_MS)).toBe(true);

    parent.kill('SIGKILL');
    await new Promise((r) => parent.once('exit', r));
    expect(await until(() => !running(pid), GONE_WITHIN_MS)).toBe(true);
  }, 3 * GONE_WITHIN_MS);
});
