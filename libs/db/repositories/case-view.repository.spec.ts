import type { CaseView, CoUnitView } from '../../contract';
import { CaseStage } from '../../contract';
import { dongliCase } from '../../../test/support/fixtures';
import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { CaseViewRepository } from './case-view.repository';

/** A case's view as its workflow answers the state query (the fields the read model reads). */
function viewOf(overrides: Partial<CaseView> & { caseId: string }): CaseView {
  const { policy: _policy, ...input } = dongliCase({ caseId: overrides.caseId });
  return {
    ...input,
    policy: { id: 'npc-suggestion', version: '1' },
    stage: CaseStage.Assigned,
    overdue: false,
    deadlines: [],
    contacts: [],
    surveys: [],
    history: [],
    allowedActions: [],
    needsAttention: false,
    version: 10,
    revision: 1,
    ...overrides,
  };
}

describe('the read model (case_views, co_unit_views)', () => {
  const teardown = useTeardown();
  let db: Db;
  let views: CaseViewRepository;
  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    views = new CaseViewRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db.deleteFrom('case_views').execute();
    await db.deleteFrom('co_unit_views').execute();
  });

  it('keeps the latest projection of a case: a later revision replaces it, an earlier one arriving late does not', async () => {
    await views.upsertCase(viewOf({ caseId: 'c.npc-suggestion.1', revision: 5, stage: CaseStage.Signed }));
    await views.upsertCase(viewOf({ caseId: 'c.npc-suggestion.1', revision: 3, stage: CaseStage.Assigned }));
    expect((await views.findCase('c.npc-suggestion.1'))?.stage).toBe('signed');
    await views.upsertCase(viewOf({ caseId: 'c.npc-suggestion.1', revision: 6, stage: CaseStage.Planned }));
    expect((await views.findCase('c.npc-suggestion.1'))?.stage).toBe('planned');
    // The same revision again (a retried projection) is stored again, harmlessly.
    await views.upsertCase(viewOf({ caseId: 'c.npc-suggestion.1', revision: 6, stage: CaseStage.Planned, overdue: true }));
    expect((await views.findCase('c.npc-suggestion.1'))?.overdue).toBe(true);
  });

  it('filters by cycle, stage, kind, overdue, unit as lead or co-unit, and every word of a search', async () => {
    await views.upsertCase(viewOf({ caseId: 'a.npc-suggestion.1', cycleId: 'a', title: '关于加快推进居家养老服务的建议', leadUnit: '区民政局', coUnits: [] }));
    await views.upsertCase(viewOf({ caseId: 'a.cppcc-proposal.2', cycleId: 'a', kind: 'cppcc-proposal', title: '关于社区调解能力的建议', leadUnit: '区民政局', coUnits: ['区司法局'], overdue: true }));
    await views.upsertCase(viewOf({ caseId: 'b.npc-suggestion.3', cycleId: 'b', title: '关于社区养老食堂的建议', leadUnit: '区卫健委', coUnits: ['区民政局'], submitters: ['张代表'], stage: CaseStage.Signed }));
    const ids = async (f: Parameters<CaseViewRepository['list']>[0]) => (await views.list(f, { limit: 100 })).rows.map((r) => r.case_id);
    expect(await ids({ cycleId: 'a' })).toEqual(['a.cppcc-proposal.2', 'a.npc-suggestion.1']);
    expect(await ids({ unit: '区司法局' })).toEqual(['a.cppcc-proposal.2']);
    expect(await ids({ unit: '区民政局' })).toEqual(['a.cppcc-proposal.2', 'a.npc-suggestion.1', 'b.npc-suggestion.3']);
    expect(await ids({ stage: 'signed' })).toEqual(['b.npc-suggestion.3']);
    expect(await ids({ kind: 'cppcc-proposal' })).toEqual(['a.cppcc-proposal.2']);
    expect(await ids({ overdue: true })).toEqual(['a.cppcc-proposal.2']);
    expect(await ids({ q: '养老' })).toEqual(['a.npc-suggestion.1', 'b.npc-suggestion.3']);
    expect(await ids({ q: '养老 社区' })).toEqual(['b.npc-suggestion.3']);
    expect(await ids({ q: '张代表' })).toEqual(['b.npc-suggestion.3']);
    expect(await ids({ q: '没有这个词' })).toEqual([]);
  });

  it('pages by case id and counts every match', async () => {
    for (let i = 0; i < 7; i++) await views.upsertCase(viewOf({ caseId: `p.npc-suggestion.${i}`, cycleId: 'p' }));
    const first = await views.list({ cycleId: 'p' }, { limit: 3 });
    const second = await views.list({ cycleId: 'p' }, { limit: 3, offset: 3 });
    expect(first.total).toBe(7);
    expect(first.rows.map((r) => r.case_id)).toEqual(['p.npc-suggestion.0', 'p.npc-suggestion.1', 'p.npc-suggestion.2']);
    expect(second.rows.map((r) => r.case_id)).toEqual(['p.npc-suggestion.3', 'p.npc-suggestion.4', 'p.npc-suggestion.5']);
  });

  it('searches the reply text once the case has replied', async () => {
    const caseId = 'r.npc-suggestion.1';
    await views.upsertCase(viewOf({ caseId, revision: 1 }));
    expect((await views.list({ q: '日间照料' }, { limit: 10 })).total).toBe(0);
    await views.upsertCase(viewOf({ caseId, revision: 2, stage: CaseStage.Replied, reply: { text: '已增设日间照料中心三处', repliedAt: '2020-06-15T02:00:00.000Z' } }));
    expect((await views.list({ q: '日间照料' }, { limit: 10 })).rows.map((r) => r.case_id)).toEqual([caseId]);
  });

  it('keeps the latest projection of a co-unit’s part likewise', async () => {
    const part = (revision: number, stage: CoUnitView['stage']): CoUnitView => ({
      caseId: 'c.cppcc-proposal.50', unit: '区司法局', stage, deadlines: [], overdue: false, history: [], allowedActions: [], revision,
    });
    await views.upsertCoUnit(part(4, 'opinion-given'));
    await views.upsertCoUnit(part(2, 'signed'));
    expect((await views.findCoUnit('c.cppcc-proposal.50', '区司法局'))?.stage).toBe('opinion-given');
  });
});
