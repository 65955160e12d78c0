/**
 * The embedded PostgreSQL of `npm run dev`: PGlite with its data on disk, listening on loopback
 * for the API and the worker. Prints `ready <url>` once it accepts connections.
 */
import { startEmbeddedPostgres } from '../libs/db/embedded-server';

async function main(): Promise<void> {
  const dir = process.env.BANLI_PG_DIR ?? 'data/pg';
  const dataDir = dir === 'memory://' ? undefined : dir;
  const port = Number(process.env.DB_PORT ?? 5433);
  const server = await startEmbeddedPostgres({ dataDir, host: process.env.HOST ?? '127.0.0.1', port });
  process.stdout.write(`ready ${server.url}\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded PostgreSQL failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
