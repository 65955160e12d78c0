import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { LaunchRepository } from './launch.repository';

const ID = '00000000-0000-4000-8000-000000000001';

describe('LaunchRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let launches: LaunchRepository;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    launches = new LaunchRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('launches').execute();
  });

  it('records a launch as running with nothing started, and finds it', async () => {
    const created = await launches.create({ id: ID, cycleId: 'dongli-2020', total: 40 });
    expect(created).toMatchObject({ id: ID, cycle_id: 'dongli-2020', status: 'running', total: 40, started: 0, error: null, finished_at: null });
    expect(created.created_at).toBeInstanceOf(Date);
    expect(await launches.findById(ID)).toEqual(created);
    expect(await launches.findById('00000000-0000-4000-8000-000000000002')).toBeUndefined();
  });

  it('writes progress while running, then the completion', async () => {
    await launches.create({ id: ID, cycleId: 'dongli-2020', total: 40 });
    await launches.progress(ID, 16);
    expect(await launches.findById(ID)).toMatchObject({ status: 'running', started: 16 });
    const at = new Date('2024-06-01T00:00:00Z');
    await launches.finish(ID, 40, at);
    expect(await launches.findById(ID)).toMatchObject({ status: 'completed', started: 40, error: null, finished_at: at });
  });

  it('leaves an ended launch as it ended when late progress arrives', async () => {
    await launches.create({ id: ID, cycleId: 'dongli-2020', total: 40 });
    await launches.fail(ID, 17, 'the API stopped during the launch');
    await launches.progress(ID, 32);
    const row = await launches.findById(ID);
    expect(row).toMatchObject({ status: 'failed', started: 17, error: 'the API stopped during the launch' });
    expect(row!.finished_at).toBeInstanceOf(Date);
  });
});
