import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ProtocolQueue } from './protocol-queue';

export interface EmbeddedPostgres {
  /** postgres://… for `pg` (and so for DATABASE_URL). */
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL without a server install: PGlite (Postgres compiled to WebAssembly) behind its
 * wire-protocol socket, so the API and the worker connect exactly as they would to a real server.
 * `dataDir` keeps the data on disk; without it the database lives in memory (tests).
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; host?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: 32 });
  // Clients are served one whole exchange at a time (see protocol-queue.ts); handlers take it at connection.
  Object.assign(server, { queryQueue: new ProtocolQueue(db) });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
