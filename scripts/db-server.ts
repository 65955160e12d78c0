/**
 * The embedded PostgreSQL of `npm run dev`: PGlite with its data on disk, listening on loopback
 * for the API and the worker. Prints `ready <url>` once it accepts connections.
 *
 * With BANLI_PG_PARENT_PIPE=1 (set by the tests' spawnEmbeddedPostgres, never by `npm run dev`,
 * whose stdin is /dev/null), stdin is a pipe its parent holds open for its whole life: when the
 * pipe ends the parent is gone, however it died, and the server stops with it.
 */
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../libs/db/embedded-server';

/** How long a graceful stop may take before the process exits anyway. */
const STOP_WITHIN_MS = 5_000;

let server: EmbeddedPostgres | undefined;
let stopping = false;

function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  if (!server) process.exit(0); // still starting: nothing to close
  setTimeout(() => {
    process.stderr.write(`embedded PostgreSQL did not stop within ${STOP_WITHIN_MS} ms (${reason}); exiting\n`);
    process.exit(1);
  }, STOP_WITHIN_MS).unref();
  server.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`embedded PostgreSQL failed to stop (${reason}): ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

async function main(): Promise<void> {
  if (process.env.BANLI_PG_PARENT_PIPE === '1') {
    const parentGone = () => stop('parent process gone');
    process.stdin.on('end', parentGone);
    process.stdin.on('close', parentGone);
    process.stdin.on('error', parentGone);
    process.stdin.resume();
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const dir = process.env.BANLI_PG_DIR ?? 'data/pg';
  const dataDir = dir === 'memory://' ? undefined : dir;
  const port = Number(process.env.DB_PORT ?? 5433);
  server = await startEmbeddedPostgres({ dataDir, host: process.env.HOST ?? '127.0.0.1', port });
  process.stdout.write(`ready ${server.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded PostgreSQL failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
