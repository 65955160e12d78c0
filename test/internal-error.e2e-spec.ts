/**
 * The 500 path over real HTTP, caused for real: the embedded PostgreSQL is stopped, and a request
 * that needs it (every keyed request: the guard looks the key up) fails unexpectedly. The answer
 * is 500 in the one error shape with a correlation id and nothing internal; the API's log has the
 * same id beside the cause. In a file of its own: nothing else here needs the database afterwards.
 *
 * The stop also breaks a connection idle in the API's pool: the process must outlive it (before
 * libs/db/database.ts listened for the pool's errors, this file failed with "Unhandled error.
 * Connection terminated unexpectedly").
 */
import { useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(120_000);

const e2e = useTestSystem('internal-error');

/** What the API writes to stderr (Nest's ConsoleLogger writes its errors there) while `run` runs. */
async function stderrDuring<T>(run: () => Promise<T>): Promise<{ result: T; log: string }> {
  const chunks: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write);
  try {
    return { result: await run(), log: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('an unexpected error', () => {
  beforeAll(async () => {
    // The database answers first: the pool keeps that connection idle, and the stop breaks it under the pool.
    await e2e.http().get('/api/keys').expect(200);
    await e2e.system.postgres.stop();
  }, HOOK_TIMEOUT.stop);

  it('answers 500 with a correlation id and nothing internal; the API’s log has the same id with the cause', async () => {
    const { result: res, log } = await stderrDuring(() => e2e.http().get('/api/keys'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'InternalError',
      message: 'internal error; quote the correlation id',
      correlationId: expect.stringMatching(UUID),
    });
    const body = JSON.stringify(res.body);
    const { port } = new URL(e2e.system.env.DATABASE_URL);
    for (const internal of ['ECONNREFUSED', 'Error:', '    at ', '.ts:', port, 'postgres']) expect(body).not.toContain(internal);

    const entry = log.split('\n').find((line) => line.includes(res.body.correlationId));
    expect(entry).toBeDefined();
    expect(entry).toContain('[ErrorFilter]');
    // The cause is in the log, under the id the caller was given.
    expect(entry).toContain(`${res.body.correlationId} Error: connect ECONNREFUSED`);
  });

  it('gives every failure its own correlation id', async () => {
    const first = await e2e.http().get('/api/keys').expect(500);
    const second = await e2e.http().get('/api/policies').expect(500);
    expect(first.body.correlationId).toMatch(UUID);
    expect(second.body.correlationId).toMatch(UUID);
    expect(second.body.correlationId).not.toBe(first.body.correlationId);
  });
});
