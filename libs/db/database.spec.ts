import { sql } from 'kysely';
import { createDatabase, type Db, migrateToLatest } from './database';
import { migrationProvider } from './migrations';
import { spawnEmbeddedPostgres } from '../../test/support/postgres';
import { HOOK_TIMEOUT, useTeardown } from '../../test/support/teardown';

describe('database (embedded PostgreSQL through pg)', () => {
  const teardown = useTeardown();
  let db: Db;

  beforeAll(async () => {
    const server = teardown.add('embedded PostgreSQL', await spawnEmbeddedPostgres(), (s) => s.stop());
    db = teardown.add('database pool', createDatabase(server.url), (d) => d.destroy());
  }, HOOK_TIMEOUT.postgres);

  it('applies every migration once, then none', async () => {
    expect(await migrateToLatest(db)).toEqual(['0001-initial', '0002-calendar-covers-years', '0003-cycles', '0004-launch-cases', '0005-read-model', '0006-case-facts', '0007-launch-outcomes', '0008-armed-alerts']);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('numbers the migrations one after another', async () => {
    const names = Object.keys(await migrationProvider.getMigrations());
    expect(names.map((n) => Number(n.slice(0, 4)))).toEqual(names.map((_n, i) => i + 1));
  });

  it('takes a database that applied the migrations under their former names as up to date, and renames their records', async () => {
    // As a database migrated before the renumbering recorded them.
    await sql`update kysely_migration set name = '0002-cycles' where name = '0003-cycles'`.execute(db);
    await sql`update kysely_migration set name = '0003-launch-cases' where name = '0004-launch-cases'`.execute(db);
    await sql`update kysely_migration set name = '0004-read-model' where name = '0005-read-model'`.execute(db);
    expect(await migrateToLatest(db)).toEqual([]);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(rows.map((r) => r.name)).toEqual(['0001-initial', '0002-calendar-covers-years', '0003-cycles', '0004-launch-cases', '0005-read-model', '0006-case-facts', '0007-launch-outcomes', '0008-armed-alerts']);
  });

  it('reads JSON and timestamps back typed, and enforces the checks', async () => {
    await db.insertInto('subscriptions').values({
      id: 's1', channel: 'webhook', target: 'http://127.0.0.1:9/hook', secret: 'whsec_x', recipient: 'supervisor',
      unit: null, rungs: JSON.stringify(['overdue']), name: '督查室', disabled_at: null,
    }).execute();
    const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', 's1').executeTakeFirstOrThrow();
    expect(row.rungs).toEqual(['overdue']);
    expect(row.created_at).toBeInstanceOf(Date);
    await expect(
      db.insertInto('subscriptions').values({
        id: 's2', channel: 'pigeon' as 'email', target: 'x', secret: null, recipient: null, unit: null, rungs: null, name: 'x', disabled_at: null,
      }).execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it('rolls back a failed transaction whole', async () => {
    await expect(db.transaction().execute(async (tx) => {
      await tx.insertInto('idempotency_keys').values({ scope: 'c1/sign', key: 'k', body_hash: 'h' }).execute();
      await tx.insertInto('idempotency_keys').values({ scope: 'c1/sign', key: 'k', body_hash: 'h2' }).execute();
    })).rejects.toThrow(/duplicate key/);
    const { count } = await db.selectFrom('idempotency_keys').select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });
});

describe('a connection lost while a transaction holds it', () => {
  const teardown = useTeardown();

  // pg's pool listens for the errors of idle connections only: a connection checked out between
  // two queries had no listener, and its error ended the process (a worker died this way when
  // PostgreSQL was stopped under it).
  it('fails that transaction, not the process', async () => {
    const server = teardown.add('embedded PostgreSQL', await spawnEmbeddedPostgres(), (s) => s.stop());
    const db = teardown.add('database pool', createDatabase(server.url), (d) => d.destroy());
    const transaction = db.transaction().execute(async (tx) => {
      await sql`select 1`.execute(tx);
      await server.stop();
      // The server's end reaches the connection while no query runs on it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await sql`select 1`.execute(tx);
    });
    await expect(transaction).rejects.toThrow(/not queryable|terminated/);
  }, HOOK_TIMEOUT.postgres);
});
