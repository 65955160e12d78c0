import NodeEnvironment from 'jest-environment-node';
import { spawnedServers } from './spawned-servers';

/**
 * Jest's node environment, plus a check once a test file is done: a server it spawned that is
 * still running (its teardown did not stop it) is killed, and the file fails saying so. Such a
 * server does not hold Jest open (and would die with it), so without this a leak would pass unseen.
 */
export default class BanliEnvironment extends NodeEnvironment {
  override async teardown(): Promise<void> {
    const leaked: number[] = [];
    for (const child of spawnedServers(this.global)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGKILL');
      leaked.push(child.pid ?? -1);
    }
    await super.teardown();
    if (leaked.length > 0) {
      throw new Error(
        `embedded PostgreSQL (pid ${leaked.join(', ')}) still running after the last hook of this file: its teardown did not stop it (killed now)`,
      );
    }
  }
}
