import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CaseSearch, coUnitWorkflowId, CURRENT_CASE_VERSION } from '../libs/contract';
import { addCalendarDays, chinaDateOf, WorkingCalendar } from '../libs/calendar';
import { dongli } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';
import { temporalBinaries } from './support/temporal-binaries';

jest.setTimeout(180_000);

const e2e = useTestSystem('engine');
const http = () => e2e.http();
const run = promisify(execFile);

const calendar = WorkingCalendar.official();
const today = chinaDateOf(new Date());
/** Four working days ago: sign-for (3 working days) has passed, the return window (5) has not. */
const fourWorkingDaysAgo = (() => {
  let day = today;
  for (let back = 0; back < 4;) {
    day = addCalendarDays(day, -1);
    if (calendar.isWorkingDay(day)) back++;
  }
  return day;
})();

const cycle = { ...dongli, cycleId: 'engine-2026', assignedOn: today };
const late = { ...dongli, cycleId: 'engine-late', assignedOn: fourWorkingDaysAgo, cases: [dongli.cases[0]] };
const withCoUnit = 'engine-2026.cppcc-proposal.50'; // lead 区民政局, co-unit 区司法局
const case11 = 'engine-2026.npc-suggestion.11';
const case12 = 'engine-2026.npc-suggestion.12';
const coUnit = (caseId: string, unit: string, step = '') => `/api/cases/${caseId}/co-units/${encodeURIComponent(unit)}${step ? `/${step}` : ''}`;

beforeAll(async () => {
  await http().post('/api/cycles').send(cycle).expect(201);
  await http().post('/api/cycles').send(late).expect(201);
}, HOOK_TIMEOUT.setup);

async function searchAttributes(caseId: string) {
  return (await e2e.system.temporal.client.workflow.getHandle(caseId).describe()).typedSearchAttributes;
}

describe('a co-unit that fails or is terminated (协办流程中断)', () => {
  it('leaves the case running and needing attention; the office restarts the co-unit over HTTP', async () => {
    const childId = coUnitWorkflowId(withCoUnit, '区司法局');
    await eventually(async () => expect((await http().get(coUnit(withCoUnit, '区司法局')).expect(200)).body.stage).toBe('assigned'));
    const { cli } = temporalBinaries();
    await run(cli, ['workflow', 'terminate', '--address', e2e.system.temporal.address, '--workflow-id', childId, '--reason', 'e2e: the co-unit’s workflow is killed']);

    const needing = await eventually(async () => {
      const view = (await http().get(`/api/cases/${withCoUnit}`).expect(200)).body;
      expect(view.needsAttention).toBe(true);
      return view;
    });
    expect(needing.executionStatus).toBe('running');
    expect(needing.attention).toEqual([expect.objectContaining({ kind: 'co-unit-failed', unit: '区司法局', error: expect.stringMatching(/terminated/i) })]);
    expect(needing.allowedActions).toContain('restart-co-unit');
    expect(needing.history.map((h: { action: string }) => h.action)).toContain('needs-attention');
    await eventually(async () => expect((await searchAttributes(withCoUnit)).get(CaseSearch.needsAttention)).toBe(true));
    const alerts = await eventually(async () => {
      const res = await http().get('/api/alerts').query({ caseId: withCoUnit, kind: 'attention' }).expect(200);
      expect(res.body.count).toBe(1);
      return res.body.alerts;
    });
    expect(alerts[0]).toMatchObject({ recipients: ['office'], kind: 'attention', kindLabel: '需处理' });
    expect(alerts[0].text).toContain('协办单位区司法局的协办流程已中断');
    expect((await http().get(coUnit(withCoUnit, '区司法局')).expect(200)).body).toMatchObject({ executionStatus: 'terminated', allowedActions: [] });

    const wrongUnit = await http().post(`/api/cases/${withCoUnit}/restart-co-unit`).send({ unit: '区财政局' }).expect(400);
    expect(wrongUnit.body.problems[0]).toMatchObject({ field: 'unit' });
    const restarted = await http().post(`/api/cases/${withCoUnit}/restart-co-unit`).send({ unit: '区司法局', note: '已核实，重新启动' }).expect(200);
    expect(restarted.body.needsAttention).toBe(false);
    expect(restarted.body.attention[0]).toMatchObject({ resolution: 'restarted', resolvedBy: 'e2e office' });
    await eventually(async () => {
      const part = (await http().get(coUnit(withCoUnit, '区司法局')).expect(200)).body;
      expect(part).toMatchObject({ executionStatus: 'running', stage: 'assigned', allowedActions: ['sign'] });
      expect(part.deadlines).toHaveLength(2);
    });
    await eventually(async () => expect((await searchAttributes(withCoUnit)).get(CaseSearch.needsAttention)).toBe(false));

    // The restarted part works: its opinion reaches the case.
    await http().post(coUnit(withCoUnit, '区司法局', 'sign')).send({}).expect(200);
    await http().post(coUnit(withCoUnit, '区司法局', 'opinion')).send({ opinion: '同意主办单位意见' }).expect(200);
    await eventually(async () => expect((await http().get(`/api/cases/${withCoUnit}`).expect(200)).body.coOpinions).toHaveLength(1));
  });

  it('refuses a co-unit step’s Idempotency-Key reused with another body, as a case step’s', async () => {
    const other = 'engine-2026.cppcc-proposal.51';
    await http().post('/api/cycles/engine-2026/cases').send({ cases: [{ ...dongli.cases.find((c: { number: string }) => c.number === '50'), number: '51' }] }).expect(201);
    await eventually(async () => expect((await http().get(coUnit(other, '区司法局')).expect(200)).body.stage).toBe('assigned'));
    await http().post(coUnit(other, '区司法局', 'sign')).set('Idempotency-Key', 'co-1').send({}).expect(200);
    const reused = await http().post(coUnit(other, '区司法局', 'opinion')).set('Idempotency-Key', 'co-1').send({ opinion: '甲' }).expect(200);
    expect(reused.body.stage).toBe('opinion-given');
    const retry = await http().post(coUnit(other, '区司法局', 'opinion')).set('Idempotency-Key', 'co-1').send({ opinion: '甲' }).expect(200);
    expect(retry.body.step).toEqual(reused.body.step);
    const changed = await http().post(coUnit(other, '区司法局', 'opinion')).set('Idempotency-Key', 'co-1').send({ opinion: '乙' }).expect(409);
    expect(changed.body).toMatchObject({ error: 'IdempotencyKeyReused' });
    expect((await http().get(coUnit(other, '区司法局')).expect(200)).body.opinion.opinion).toBe('甲');
  });
});

describe('withdrawal and the clock reach the co-units', () => {
  const caseId = 'engine-2026.cppcc-proposal.52';
  beforeAll(async () => {
    await http().post('/api/cycles/engine-2026/cases').send({ cases: [{ ...dongli.cases.find((c: { number: string }) => c.number === '50'), number: '52' }] }).expect(201);
    await eventually(async () => expect((await http().get(coUnit(caseId, '区司法局')).expect(200)).body.deadlines).toHaveLength(2));
  }, HOOK_TIMEOUT.setup);

  it('stops the co-unit’s deadlines with the case’s clock and moves them when it restarts', async () => {
    await http().post(`/api/cases/${caseId}/stop-clock`).send({ reason: '待市级部门答复' }).expect(200);
    const stopped = await eventually(async () => {
      const part = (await http().get(coUnit(caseId, '区司法局')).expect(200)).body;
      expect(part.deadlines.every((d: { suspended?: boolean }) => d.suspended)).toBe(true);
      return part;
    });
    expect(stopped.history.map((h: { action: string }) => h.action)).toContain('stop-clock');
    await http().post(`/api/cases/${caseId}/restart-clock`).send({}).expect(200);
    const restarted = await eventually(async () => {
      const part = (await http().get(coUnit(caseId, '区司法局')).expect(200)).body;
      expect(part.deadlines.some((d: { suspended?: boolean }) => d.suspended)).toBe(false);
      return part;
    });
    // Moved under a new revision by the calendar days between the China dates of the stop and the restart: 0 when
    // both fall on one China day, 1 when the restart came after China's midnight (the count itself: steps.spec.ts).
    const stop = (await http().get(`/api/cases/${caseId}`).expect(200)).body.clockStops[0];
    const days = (Date.parse(chinaDateOf(stop.until)) - Date.parse(chinaDateOf(stop.since))) / 86_400_000;
    expect(stop.days).toBe(days);
    expect(restarted.deadlines.map((d: { revision: number }) => d.revision)).toEqual([3, 3]);
    expect(restarted.deadlines.map((d: { due: { dueOn: string } }) => d.due.dueOn))
      .toEqual(stopped.deadlines.map((d: { due: { dueOn: string } }) => addCalendarDays(d.due.dueOn, days)));
  });

  it('cancels the co-unit’s part when the case is withdrawn: it reads cancelled, not 404', async () => {
    await http().post(`/api/cases/${caseId}/withdraw`).send({ reason: '代表本人申请撤回' }).expect(200);
    const part = await eventually(async () => {
      const res = (await http().get(coUnit(caseId, '区司法局')).expect(200)).body;
      expect(res.executionStatus).toBe('completed');
      return res;
    });
    expect(part).toMatchObject({ stage: 'cancelled', cancelled: { reason: '代表本人申请撤回' }, allowedActions: [] });
    // Read above, the part is known to the API: its step goes straight to the ended workflow and is refused with the stage.
    const refused = await http().post(coUnit(caseId, '区司法局', 'sign')).set('Idempotency-Key', 'late-sign').send({}).expect(409);
    expect(refused.body).toMatchObject({ stage: 'cancelled', allowedActions: [] });
    await eventually(async () => expect((await http().get(`/api/cases/${caseId}`).expect(200)).body.executionStatus).toBe('completed'));
  });
});

describe('search attributes follow the case’s state', () => {
  it('names the version the case started under', async () => {
    await eventually(async () => expect((await searchAttributes(case11)).get(CaseSearch.version)).toBe(CURRENT_CASE_VERSION));
    expect((await http().get(`/api/cases/${case11}`).expect(200)).body.version).toBe(CURRENT_CASE_VERSION);
  });

  it('moves BanliReplyDue with an approved extension', async () => {
    const view = (await http().get(`/api/cases/${case12}`).expect(200)).body;
    const reply = view.deadlines.find((d: { id: string }) => d.id === 'reply');
    const newDueOn = addCalendarDays(reply.due.dueOn, 20);
    await http().post(`/api/cases/${case12}/extension-request`).send({ newDueOn, reason: '需待市级部门出台配套政策' }).expect(200);
    const approved = await http().post(`/api/cases/${case12}/extension-decision`).send({ approve: true }).expect(200);
    const moved = approved.body.deadlines.find((d: { id: string }) => d.id === 'reply');
    expect(moved.due.dueOn).toBe(newDueOn);
    await eventually(async () => expect((await searchAttributes(case12)).get(CaseSearch.replyDue)?.toISOString()).toBe(new Date(moved.due.dueAt).toISOString()));
  });

  it('clears BanliOverdue when a reassignment reopens the overdue sign-for deadline', async () => {
    const caseId = 'engine-late.npc-suggestion.11';
    await eventually(async () => {
      const view = (await http().get(`/api/cases/${caseId}`).expect(200)).body;
      expect(view.overdue).toBe(true);
      expect(view.deadlines.find((d: { id: string }) => d.id === 'sign').status).toBe('overdue');
    });
    await eventually(async () => expect((await searchAttributes(caseId)).get(CaseSearch.overdue)).toBe(true));
    await http().post(`/api/cases/${caseId}/return`).send({ reason: '该事项属区住建委职责' }).expect(200);
    await http().post(`/api/cases/${caseId}/return-decision`).send({ decision: 'reassign', newLeadUnit: '区住建委' }).expect(200);
    const reopened = await eventually(async () => {
      const view = (await http().get(`/api/cases/${caseId}`).expect(200)).body;
      // Revision 2 when the return suspended it, 3 when the reassignment moved it.
      expect(view.deadlines.find((d: { id: string }) => d.id === 'sign').revision).toBe(3);
      return view;
    });
    expect(reopened).toMatchObject({ overdue: false, leadUnit: '区住建委' });
    expect(reopened.deadlines.find((d: { id: string }) => d.id === 'sign')).toMatchObject({ status: 'open', due: { start: today } });
    await eventually(async () => {
      const sa = await searchAttributes(caseId);
      expect(sa.get(CaseSearch.overdue)).toBe(false);
      expect(sa.get(CaseSearch.leadUnit)).toBe('区住建委');
    });
    // The office's decision deadline is met by the decision (it stayed open before v9).
    expect(reopened.deadlines.find((d: { id: string }) => d.id === 'return-decision')?.status).toBe('met');
    const signed = await http().post(`/api/cases/${caseId}/sign`).send({}).expect(200);
    expect(signed.body.deadlines.find((d: { id: string }) => d.id === 'sign').status).toBe('met');
  });
});
