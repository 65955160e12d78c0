import { Pool } from 'pg';
import { spawnEmbeddedPostgres } from '../../test/support/postgres';
import type { EmbeddedPostgres } from './embedded-server';

describe('the embedded PostgreSQL serves its clients one exchange at a time', () => {
  let server: EmbeddedPostgres | undefined;
  let queries: Pool | undefined;
  let transactions: Pool | undefined;

  beforeAll(async () => {
    server = await spawnEmbeddedPostgres();
    queries = new Pool({ connectionString: server.url, max: 8 });
    transactions = new Pool({ connectionString: server.url, max: 8 });
    await queries.query('create table a (x int)');
    await queries.query('insert into a values (1)');
    await queries.query('create table b (y text)');
    await queries.query(`insert into b values ('b')`);
  }, 120_000);

  afterAll(async () => {
    await queries?.end();
    await transactions?.end();
    await server?.stop();
  }, 60_000);

  it('answers every parameterised query with its own rows while other clients run transactions, and never stalls', async () => {
    const transaction = async () => {
      const client = await transactions!.connect();
      try {
        await client.query('begin');
        await client.query('update b set y = $1 where y = $1', ['b']);
        const { rows } = await client.query('select count(*)::int as n from a where x = $1', [1]);
        await client.query('commit');
        return rows[0].n === 1;
      } finally {
        client.release();
      }
    };
    const select = async (i: number) => {
      const { rows } = i % 2
        ? await queries!.query('select x::text as v from a where x = $1', [1])
        : await queries!.query('select y as v from b where y = $1', ['b']);
      return rows.length === 1 && rows[0].v === (i % 2 ? '1' : 'b');
    };
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? transaction() : select(i))));
    expect(answers.filter((right) => !right)).toEqual([]);
    const { rows } = await queries!.query('select count(*)::int as n from b');
    expect(rows[0].n).toBe(1);
  }, 120_000);
});
