/**
 * The facts stored beside each view when it is projected, read back with the row's columns, equal
 * caseFactsOf() of the same views; rows without stored facts (projected before them) are read from
 * their views and give the same.
 */
import { caseView, coUnitView, deadline } from '../../test/support/case-views';
import { migratedDatabase } from '../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../test/support/teardown';
import { CaseViewRepository, type Db } from '../db';
import { caseFactsOf, coUnitFactsOf } from './case-facts';
import { CaseFactsSource } from './case-facts.source';

const views = [
  caseView({
    number: '1', keySupervised: true, coUnits: ['区财政局'], contacts: ['face-to-face', 'phone'], reply: { classification: 'B', round: 2 }, visitMethod: 'face-to-face',
    surveys: [{ result: 'dissatisfied', round: 1 }, { result: 'satisfied', round: 2, proxyEntry: true }, { submitter: '乙', result: 'no-response', recordedBy: 'system', round: 2 }],
    submitters: ['第1号领衔人', '乙'], round: 2, closedAs: 'satisfied', followUp: { kept: false, reportedOn: '2024-09-01' },
    reviews: [{ decision: 'send-back', by: 's', at: '', note: '改' }, { decision: 'approve', by: 's', at: '', classification: 'B', classificationChangedFrom: 'A' }],
    returns: [{ unit: '区民政局', reason: 'r', requestedAt: '', decision: 'reject' }, { unit: '区民政局', reason: 'r', requestedAt: '' }],
    extensions: [{ deadline: 'reply', status: 'approved' }, { deadline: 'sign', status: 'pending' }],
    deadlines: [
      deadline('sign', 'met-late', '2024-03-06', { metOn: '2024-03-08' }),
      deadline('reply', 'overdue', '2024-06-03', { sent: [{ kind: 'reminder', recipients: ['unit-handler'] }, { kind: 'overdue', recipients: ['unit-leader', 'supervisor'] }] }),
      deadline('publish', 'open', '2024-07-01', { suspended: true }),
    ],
    done: { sign: '2024-03-08', contact: '2024-03-11', reply: '2024-05-20', visit: '2024-05-22', publish: '2024-05-27', 'follow-up': '2024-09-01' },
    jurisdiction: '天津市东丽区',
  }),
  caseView({ kind: 'cppcc-proposal', number: '2', followUp: { reportedOn: '2024-09-01' }, reply: { classification: 'A' }, closedAs: 'withdrawn' }),
  caseView({ number: '3', stage: 'assigned' }),
];
// A second contact and a reply again: the history's first time of each step counts.
views[0].history.push({ seq: 99, action: 'reply', actor: 'x', at: '2024-06-25T04:00:00.000Z', details: {} });
const coUnits = [
  coUnitView(views[0].caseId, '区财政局', 'signed', [deadline('sign', 'met', '2024-03-06', { metOn: '2024-03-05' }), deadline('co-opinion', 'overdue', '2024-04-01', { sent: [{ kind: 'overdue', recipients: ['unit-leader'] }] })]),
  coUnitView(views[1].caseId, '区司法局', 'cancelled', []),
];

const byCase = (a: { caseId: string }, b: { caseId: string }) => a.caseId.localeCompare(b.caseId);

describe('the statistics’ query over the read model', () => {
  const teardown = useTeardown();
  let db: Db;
  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    const repo = new CaseViewRepository(db);
    for (const v of views) await repo.upsertCase(v);
    await repo.upsertCase({ ...views[2], caseId: 'other-cycle.npc-suggestion.3', cycleId: 'other-cycle' });
    for (const v of coUnits) await repo.upsertCoUnit(v);
  }, HOOK_TIMEOUT.postgres);

  it('reads each case’s facts as caseFactsOf() makes them, for the cycle asked only', async () => {
    const facts = await new CaseFactsSource(db).caseFacts('stats-test');
    expect(facts).toEqual(views.map(caseFactsOf).sort(byCase));
    const one = facts.find((f) => f.number === '1')!;
    expect(one.firstOn.reply).toBe('2024-05-20');
    expect(one.deadlines[1].sent).toEqual([{ kind: 'reminder', recipients: ['unit-handler'] }, { kind: 'overdue', recipients: ['unit-leader', 'supervisor'] }]);
    expect(one).toMatchObject({ sentBack: 1, remarked: true, returns: ['reject', 'pending'], followUp: { kept: false }, contacts: ['face-to-face', 'phone'] });
  });

  it('reads each co-unit’s part with its case’s kind, key flag and withdrawal', async () => {
    const facts = await new CaseFactsSource(db).coUnitFacts('stats-test');
    const byId = new Map(views.map((v) => [v.caseId, caseFactsOf(v)]));
    expect(facts).toEqual(coUnits.map((v) => coUnitFactsOf(v, byId.get(v.caseId)!)).sort(byCase));
    expect(facts[0]).toMatchObject({ withdrawn: true, kind: 'cppcc-proposal' });
  });
  it('reads rows stored without facts (or under another version) from their views, to the same facts', async () => {
    await db.updateTable('case_views').set({ facts: null, facts_version: null }).where('case_id', '=', views[0].caseId).execute();
    await db.updateTable('case_views').set({ facts: '{"stale": true}', facts_version: 0 }).where('case_id', '=', views[1].caseId).execute();
    await db.updateTable('co_unit_views').set({ facts: null, facts_version: null }).execute();
    const source = new CaseFactsSource(db);
    expect(await source.caseFacts('stats-test')).toEqual(views.map(caseFactsOf).sort(byCase));
    const byId = new Map(views.map((v) => [v.caseId, caseFactsOf(v)]));
    expect(await source.coUnitFacts('stats-test')).toEqual(coUnits.map((v) => coUnitFactsOf(v, byId.get(v.caseId)!)).sort(byCase));
  });

});
