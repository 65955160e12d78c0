import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WATCHDOG = join(__dirname, 'dies-with-parent.sh');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * An executable path that runs `executable` so that it dies with the process that starts it,
 * however that dies, even by SIGKILL (dies-with-parent.sh). Temporal's dev server and test
 * server, spawned by @temporalio/testing, otherwise outlive a killed test process: reparented,
 * still running. @temporalio/testing takes a path and no arguments, hence a generated script.
 */
export function diesWithParent(executable: string): string {
  const script = `#!/bin/sh\nexec ${quote(WATCHDOG)} ${quote(executable)} "$@"\n`;
  const dir = join(tmpdir(), 'banli-dies-with-parent');
  const file = join(dir, `${createHash('sha256').update(script).digest('hex').slice(0, 16)}.sh`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, script, { mode: 0o755 });
    renameSync(partial, file); // whole, even when another test process writes the same file
  }
  return file;
}
