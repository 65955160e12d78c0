import type { ChildProcess } from 'node:child_process';

const KEY = '__banliSpawnedServers';

/**
 * The servers spawned in `scope` (a test file's global inside Jest) that have not exited yet:
 * test/support/postgres.ts adds to it, test/support/environment.ts checks it once the file is done.
 */
export function spawnedServers(scope: object = globalThis): Set<ChildProcess> {
  const holder = scope as Record<string, Set<ChildProcess> | undefined>;
  return (holder[KEY] ??= new Set());
}
