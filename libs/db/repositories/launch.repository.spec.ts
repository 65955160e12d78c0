import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { CaseViewRepository } from './case-view.repository';
import { LaunchRepository } from './launch.repository';
import type { CaseView } from '../../contract';

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
    await db!.deleteFrom('case_views').execute();
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

  it('records what the launch did with each case, once, with the sheet row and the differences; counts and lists them', async () => {
    const cases = ['c.npc-suggestion.1', 'c.npc-suggestion.2', 'c.npc-suggestion.3', 'c.npc-suggestion.4'].map((caseId, i) => ({ caseId, input: { caseId }, row: i + 2 }));
    await launches.createWithCases({ id: ID, cycleId: 'c' }, cases);
    const differences = [{ field: 'leadUnit', column: '主办单位', from: '区民政局', to: '区教育局' }];
    expect(await launches.markHandled(ID, [{ seq: 0, outcome: 'created' }, { seq: 1, outcome: 'changed', differences }, { seq: 2, outcome: 'unchanged' }]))
      .toEqual({ started: 3, remaining: 1 });
    // Handled again (a retried batch): the first outcome stays.
    expect(await launches.markHandled(ID, [{ seq: 0, outcome: 'existing' }, { seq: 3, outcome: 'existing' }])).toEqual({ started: 4, remaining: 0 });
    expect(await launches.outcomeCounts(ID)).toEqual({ created: 1, changed: 1, unchanged: 1, existing: 1 });
    expect(await launches.caseOutcomes(ID, ['changed', 'existing'])).toEqual([
      { seq: 1, caseId: 'c.npc-suggestion.2', row: 3, outcome: 'changed', differences },
      { seq: 3, caseId: 'c.npc-suggestion.4', row: 5, outcome: 'existing', differences: null },
    ]);
    expect((await launches.findById(ID))!.started).toBe(4);
  });

  it('reads what a launch compares of the cases the read model has, and the case ids a cycle is known to have', async () => {
    const view = {
      caseId: 'c.npc-suggestion.7', cycleId: 'c', kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '7', title: '标题',
      submitters: ['张三', '李四'], leadUnit: '区民政局', coUnits: ['区司法局'], keySupervised: true, closedSession: false, complex: true,
      stage: 'assigned', overdue: false, deadlines: [], history: [], contacts: [], surveys: [], assignedOn: '2021-04-09', allowedActions: [], needsAttention: false,
      policy: { id: 'npc-suggestion', version: '1' },
    } as unknown as CaseView;
    await new CaseViewRepository(db!).upsertCase(view);
    const found = await launches.caseViews(['c.npc-suggestion.7', 'c.npc-suggestion.8']);
    expect([...found.keys()]).toEqual(['c.npc-suggestion.7']);
    expect(found.get('c.npc-suggestion.7')).toEqual({
      caseId: 'c.npc-suggestion.7', kind: 'npc-suggestion', session: '第十七届人大七次会议', number: '7', title: '标题', submitters: ['张三', '李四'],
      leadUnit: '区民政局', coUnits: ['区司法局'], keySupervised: true, closedSession: false, complex: true, stage: 'assigned',
    });
    await launches.createWithCases({ id: ID, cycleId: 'c' }, [{ caseId: 'c.npc-suggestion.9', input: {} }, { caseId: 'c.cppcc-proposal.1', input: {} }]);
    await launches.markHandled(ID, [{ seq: 0, outcome: 'created' }]);
    expect([...(await launches.knownCaseIds('c'))].sort()).toEqual(['c.cppcc-proposal.1', 'c.npc-suggestion.7', 'c.npc-suggestion.9']);
    expect([...(await launches.knownCaseIds('c', { started: true }))].sort()).toEqual(['c.npc-suggestion.7', 'c.npc-suggestion.9']);
    expect(await launches.knownCaseIds('other')).toEqual(new Set());
  });
});
