import type { CaseView } from '../../contract';
import { CaseStage } from '../../contract';
import { dongliCase } from '../../../test/support/fixtures';
import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { CaseViewRepository } from './case-view.repository';

function viewOf(overrides: Partial<CaseView> & { caseId: string }): CaseView {
  const { policy: _policy, ...input } = dongliCase({ caseId: overrides.caseId });
  return {
    ...input, policy: { id: 'npc-suggestion', version: '1' }, stage: CaseStage.Closed, overdue: false, deadlines: [], contacts: [],
    surveys: [], history: [], allowedActions: [], needsAttention: false, version: 10, revision: 1, ...overrides,
  };
}

const reply = (text: string) => ({ text, classification: 'A', contactPerson: '王五', contactPhone: '022-12345678', repliedAt: '2024-06-15T02:00:00.000Z' });
const published = (redacted = false) => ({ public: true, redacted, at: '2024-06-20T02:00:00.000Z', by: 'office' });

describe('the read model’s public search', () => {
  const teardown = useTeardown();
  let db: Db;
  let views: CaseViewRepository;
  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    views = new CaseViewRepository(db);
    await views.upsertCase(viewOf({ caseId: 'c.npc-suggestion.1', session: '十五届五次', number: '1', title: '关于社区治理的建议', leadUnit: '甲局',
      submitters: ['张代表'], reply: reply('推进网格化管理'), publication: published() }));
    await views.upsertCase(viewOf({ caseId: 'c.npc-suggestion.2', session: '十五届五次', number: '2', title: '关于养老服务的建议', leadUnit: '乙局',
      reply: reply('建设日间照料中心'), publication: published(true) }));
    await views.upsertCase(viewOf({ caseId: 'c.npc-suggestion.3', session: '十五届四次', number: '3', title: '关于社区养老的建议', leadUnit: '甲局',
      reply: reply('网格化养老服务'), publication: { public: false, reason: '涉及个人信息', redacted: false, at: '2024-06-20T02:00:00.000Z', by: 'office' } }));
    await views.upsertCase(viewOf({ caseId: 'c.npc-suggestion.4', session: '十五届五次', number: '4', title: '关于网格员待遇的建议', leadUnit: '甲局',
      stage: CaseStage.Replied, reply: reply('网格员薪酬') }));
  }, HOOK_TIMEOUT.postgres);

  const ids = async (f: Parameters<CaseViewRepository['listPublic']>[0]) => (await views.listPublic(f, { limit: 100 })).rows.map((r) => r.case_id);

  it('filters by session, number and published replies', async () => {
    expect(await ids({ published: true })).toEqual(['c.npc-suggestion.1', 'c.npc-suggestion.2']);
    expect(await ids({ published: false })).toEqual(['c.npc-suggestion.3', 'c.npc-suggestion.4']);
    expect(await ids({ session: '十五届五次', published: true })).toEqual(['c.npc-suggestion.1', 'c.npc-suggestion.2']);
    expect(await ids({ session: '十五届五次', number: '2' })).toEqual(['c.npc-suggestion.2']);
    expect(await ids({ unit: '甲局', published: true })).toEqual(['c.npc-suggestion.1']);
  });

  it('searches words only in what the public may read: the title, and a reply published in full', async () => {
    expect(await ids({ publicWords: '网格化' })).toEqual(['c.npc-suggestion.1']); // not 3 (not public) nor 4 (not published)
    expect(await ids({ publicWords: '社区' })).toEqual(['c.npc-suggestion.1', 'c.npc-suggestion.3']); // titles
    expect(await ids({ publicWords: '日间照料' })).toEqual([]); // the redacted reply's text
    expect(await ids({ publicWords: '张代表' })).toEqual([]); // submitters are not searched
    expect(await ids({ publicWords: '王五' })).toEqual([]);
    expect(await ids({ publicWords: '社区 网格化', published: true })).toEqual(['c.npc-suggestion.1']);
  });

  it('answers the public columns and the publication record only', async () => {
    const { rows, total } = await views.listPublic({ number: '1' }, { limit: 10 });
    expect(total).toBe(1);
    expect(rows).toEqual([{
      case_id: 'c.npc-suggestion.1', cycle_id: 'dongli-mca-2020', kind: 'npc-suggestion', session: '十五届五次', number: '1', title: '关于社区治理的建议',
      lead_unit: '甲局', co_units: [], stage: 'closed', publication: published(),
    }]);
  });
});
