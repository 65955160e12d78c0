/**
 * What a deployment sets up before banli's workers and APIs start — run by scripts/cluster.sh and
 * by docker-compose.yml's `banli-setup`, so both set up the same way:
 *
 *   node setup.js temporal   waits for Temporal (TEMPORAL_ADDRESS), registers the namespace
 *                            (TEMPORAL_NAMESPACE, retention TEMPORAL_RETENTION, e.g. 3650d) if it
 *                            is missing, and banli's search attributes that are missing
 *   node setup.js migrate    migrates banli's database (DATABASE_URL) to the latest migration
 *
 * Both are idempotent. The workers would register the search attributes too, but two starting at
 * once race on the namespace's search-attribute mapping; registered here, once, they find them.
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { CASE_SEARCH_ATTRIBUTES } from '../../libs/contract';
import { createDatabase, migrateToLatest } from '../../libs/db';
import { ensureSearchAttributes } from '../../libs/temporal/search-attributes';

const GRPC_NOT_FOUND = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries `attempt` until it succeeds or `timeoutMs` has passed (the last error is thrown). */
async function until<T>(what: string, timeoutMs: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      await sleep(1_000);
    }
  }
}

function retentionSeconds(text: string): number {
  const match = /^(\d+)(d|h)$/.exec(text);
  if (!match) throw new Error(`TEMPORAL_RETENTION=${text}: give days (3650d) or hours (72h)`);
  return Number(match[1]) * (match[2] === 'd' ? 86_400 : 3_600);
}

async function setUpTemporal(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  // Closed cases are records offices report on for years.
  const retention = retentionSeconds(process.env.TEMPORAL_RETENTION || '3650d');
  const connection = await until(`Temporal at ${address} is not reachable`, 300_000, async () => {
    const c = await Connection.connect({ address, connectTimeout: 5_000 });
    await c.workflowService.getSystemInfo({});
    return c;
  });
  try {
    const known = await connection.workflowService.describeNamespace({ namespace }).then(() => true, (err: { code?: number }) => {
      if (err.code === GRPC_NOT_FOUND) return false;
      throw err;
    });
    if (!known) {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retention * 1000) });
      process.stdout.write(`registered namespace ${namespace} (retention ${process.env.TEMPORAL_RETENTION || '3650d'})\n`);
    }
    // A new namespace reaches every Temporal service's cache within seconds.
    await until(`namespace ${namespace} is not usable`, 120_000, () => connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 }));
    const added = await ensureSearchAttributes(connection, namespace, CASE_SEARCH_ATTRIBUTES);
    process.stdout.write(added.length > 0 ? `registered search attributes ${added.join(' ')}\n` : 'search attributes present\n');
  } finally {
    await connection.close();
  }
}

async function migrate(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const db = createDatabase(url);
  try {
    const applied = await until('banli\'s database is not reachable', 120_000, () => migrateToLatest(db));
    process.stdout.write(applied.length > 0 ? `migrations applied: ${applied.join(', ')}\n` : 'database up to date\n');
  } finally {
    await db.destroy();
  }
}

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'temporal': return setUpTemporal();
    case 'migrate': return migrate();
    default: throw new Error(`usage: setup.js temporal | migrate (got ${command ?? 'nothing'})`);
  }
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
