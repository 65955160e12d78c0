import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes';

/**
 * A real PostgreSQL server (Debian's binaries) on a fresh data directory, for the fault tests that
 * stop and start it. As root it runs as the `postgres` user (PostgreSQL refuses root).
 */
export class RealPostgres {
  private constructor(readonly bin: string, readonly dataDir: string, readonly port: number) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres?sslmode=disable`;
  }

  static async create(): Promise<RealPostgres> {
    const bin = postgresBin();
    const dataDir = mkdtempSync(join(tmpdir(), 'banli-pg-'));
    if (process.getuid?.() === 0) chownSync(dataDir, uidOf('postgres'), gidOf('postgres'));
    const pg = new RealPostgres(bin, dataDir, await freePort());
    pg.run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    return pg;
  }

  /** Starts the server and waits until it accepts connections. */
  start(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-w', '-t', '60', '-l', join(this.dataDir, 'server.log'), '-o', `-p ${this.port} -h 127.0.0.1 -k ${this.dataDir} -c fsync=off`, 'start']);
  }

  /** Stops the server (fast: connections are ended, as an operator's restart would). */
  stop(): void {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) this.run('pg_ctl', ['-D', this.dataDir, '-w', '-t', '60', '-m', 'fast', 'stop']);
  }

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    const asPostgres = process.getuid?.() === 0;
    const result = asPostgres
      ? spawnSync('setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', command, ...args], { encoding: 'utf8', cwd: tmpdir() })
      : spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr}${result.stdout}`);
  }
}

function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  return join(base, versions[0], 'bin');
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}
