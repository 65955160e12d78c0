import { dongli, HANDLING_PATH, steps } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';
import { HOOK_TIMEOUT } from './support/teardown';

jest.setTimeout(120_000);

const e2e = useTestSystem('procedure');
const http = () => e2e.http();

/** Dongli's cases, assigned on Thu 2024-02-08, the day before the Spring Festival week of 2024. */
const cycle = { ...dongli, cycleId: 'dongli-2024-spring', assignedOn: '2024-02-08' };
const case50 = 'dongli-2024-spring.cppcc-proposal.50'; // lead 区民政局, co-unit 区司法局
const case11 = 'dongli-2024-spring.npc-suggestion.11';
const case12 = 'dongli-2024-spring.npc-suggestion.12';
const coUnit = (caseId: string, unit: string, step = '') =>
  `/api/cases/${caseId}/co-units/${encodeURIComponent(unit)}${step ? `/${step}` : ''}`;

async function deadlinesOf(caseId: string, ids: string[]): Promise<Record<string, string>> {
  return eventually(async () => {
    const res = await http().get(`/api/cases/${caseId}`).expect(200);
    const found = Object.fromEntries(res.body.deadlines.map((d: { id: string; due: { dueOn: string } }) => [d.id, d.due.dueOn]));
    expect(Object.keys(found)).toEqual(expect.arrayContaining(ids));
    return found;
  });
}

beforeAll(async () => {
  await http().post('/api/cycles').send(cycle).expect(201);
}, HOOK_TIMEOUT.setup);

describe('the due-date view over the 2024 Spring Festival (Feb 10–17 off, Sun Feb 4 and Sun Feb 18 worked)', () => {
  it('shows every deadline of the lead unit on its exact date', async () => {
    expect(await deadlinesOf(case50, ['sign', 'work-plan', 'contact', 'reply'])).toEqual({
      sign: '2024-02-19', // Fri 9th, the make-up Sunday 18th, Mon 19th
      'work-plan': '2024-03-06',
      contact: '2024-03-06',
      reply: '2024-05-08',
    });
  });

  it('shows the co-unit its own sign-for and opinion deadlines', async () => {
    const res = await eventually(async () => {
      const r = await http().get(coUnit(case50, '区司法局')).expect(200);
      expect(r.body.deadlines).toHaveLength(2);
      return r;
    });
    expect(res.body.deadlines.map((d: { id: string; due: { dueOn: string } }) => `${d.id}:${d.due.dueOn}`)).toEqual([
      'sign:2024-02-19',
      'co-opinion:2024-03-08',
    ]);
    expect(res.body).toMatchObject({ unit: '区司法局', stage: 'assigned', allowedActions: ['sign'] });
    await http().get(coUnit(case50, '区财政局')).expect(404);
  });

  it('refuses a return after its window: 5 working days after 2024-02-08 ended on 2024-02-21', async () => {
    const res = await http().post(`/api/cases/${case12}/return`).send({ reason: '不属于我单位职责' }).expect(409);
    expect(res.body.message).toContain('the return window closed on 2024-02-21');
    expect(res.body.stage).toBe('assigned');
  });
});

describe('a case with a co-unit, over HTTP', () => {
  it('takes the co-unit’s sign-for and opinion, then its co-sign; sign-off waits for it', async () => {
    for (const [path, body] of HANDLING_PATH.slice(0, 4)) {
      await http().post(`/api/cases/${case50}/${path}`).send(body).expect(200);
    }
    const early = await http().post(`/api/cases/${case50}/co-sign`).send({ unit: '区司法局' }).expect(409);
    expect(early.body.message).toBe('区司法局 has not given its co-unit opinion yet');
    await http().post(coUnit(case50, '区司法局', 'opinion')).send({ opinion: '同意' }).expect(409); // sign for it first
    await http().post(coUnit(case50, '区司法局', 'sign')).send({}).expect(200);
    const bad = await http().post(coUnit(case50, '区司法局', 'opinion')).send({ opinion: '' }).expect(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(['opinion']);
    const given = await http().post(coUnit(case50, '区司法局', 'opinion')).send({ opinion: '我局将配合做好法律援助工作' }).expect(200);
    expect(given.body.deadlines.map((d: { status: string }) => d.status)).toEqual(['met-late', 'met-late']);

    await eventually(async () => {
      const view = await http().get(`/api/cases/${case50}`).expect(200);
      expect(view.body.coOpinions).toEqual([expect.objectContaining({ unit: '区司法局', opinion: '我局将配合做好法律援助工作' })]);
    });
    const coSigned = await http().post(`/api/cases/${case50}/co-sign`).send({ unit: '区司法局' }).expect(200);
    expect(coSigned.body).toMatchObject({ stage: 'co-signed', stageLabel: '已会签' });
    const signedOff = await http().post(`/api/cases/${case50}/sign-off`).send(steps.signOff).expect(200);
    expect(signedOff.body.stage).toBe('signed-off');
  });
});

describe('merging cases (并案)', () => {
  it('links the cases both ways; each still gets its own reply', async () => {
    const refused = await http().post(`/api/cases/${case11}/merge`).send({ cases: ['dongli-2024-spring.npc-suggestion.999'], reason: '内容相近' }).expect(400);
    expect(refused.body.problems[0]).toMatchObject({ field: 'cases' });
    expect((await http().get(`/api/cases/${case11}`).expect(200)).body.mergedWith).toBeUndefined();

    const merged = await http().post(`/api/cases/${case11}/merge`).send({ cases: [case12], reason: '内容相近，并案办理' }).expect(200);
    expect(merged.body.mergedWith).toEqual([case12]);
    const other = await http().get(`/api/cases/${case12}`).expect(200);
    expect(other.body.mergedWith).toEqual([case11]);
    expect(other.body.history.at(-1)).toMatchObject({ action: 'merge', details: { reason: '内容相近，并案办理' } });

    for (const [path, body] of HANDLING_PATH) {
      await http().post(`/api/cases/${case11}/${path}`).send(body).expect(200);
    }
    const replied = await http().get(`/api/cases/${case11}`).expect(200);
    expect(replied.body.reply.repliedTo).toEqual(['第11号建议领衔代表']);
    expect((await http().get(`/api/cases/${case12}`).expect(200)).body.reply).toBeUndefined();
  });

  it('refuses a merge naming a case already replied (400 naming it) or an unknown case (400), and links nothing', async () => {
    const before = (await http().get(`/api/cases/${case12}`).expect(200)).body;
    const replied = await http().post(`/api/cases/${case12}/merge`).send({ cases: [case11], reason: '内容相近' }).expect(400);
    expect(replied.body).toMatchObject({ error: 'ValidationFailed', problems: [{ field: 'cases', problem: `${case11} can no longer be merged (stage visited)` }] });
    const unknown = 'dongli-2024-spring.npc-suggestion.999';
    const missing = await http().post(`/api/cases/${case12}/merge`).send({ cases: [unknown], reason: '内容相近' }).expect(400);
    expect(missing.body.problems).toEqual([{ field: 'cases', problem: `no such case: ${unknown}` }]);
    const after = (await http().get(`/api/cases/${case12}`).expect(200)).body;
    expect(after.mergedWith).toEqual([case11]);
    expect(after.history).toHaveLength(before.history.length);
  });

  it('refuses a merge asked on a case that no longer allows it (409 with its stage), and links nothing', async () => {
    const others = (await http().get(`/api/cases/${case12}`).expect(200)).body.history.length;
    const res = await http().post(`/api/cases/${case11}/merge`).send({ cases: [case12], reason: '内容相近' }).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'StepNotAllowed', message: 'merge is not allowed at stage visited', stage: 'visited' });
    expect(res.body.allowedActions).not.toContain('merge');
    expect((await http().get(`/api/cases/${case11}`).expect(200)).body.mergedWith).toEqual([case12]);
    expect((await http().get(`/api/cases/${case12}`).expect(200)).body.history).toHaveLength(others);
  });
});

describe('a hotline ticket (8890)', () => {
  it('runs dispatch → reply → feedback on its own deadlines over the 2024 National Day week', async () => {
    const tickets = {
      cycleId: 'dongli-8890-2024-09',
      title: '8890便民服务热线 2024年9月',
      assignedOn: '2024-09-30',
      cases: [{
        kind: 'hotline-ticket', session: '8890', number: 'T20240930-001', title: '小区路灯不亮',
        submitters: ['市民王女士'], leadUnit: '区城管委', coUnits: [],
      }],
    };
    await http().post('/api/cycles').send(tickets).expect(201);
    const id = 'dongli-8890-2024-09.hotline-ticket.T20240930-001';
    // 1 working day after Mon 09-30 is Tue 10-08; 5 end on the make-up Saturday 10-12.
    expect(await deadlinesOf(id, ['sign', 'reply'])).toEqual({ sign: '2024-10-08', reply: '2024-10-12' });
    await http().post(`/api/cases/${id}/sign`).send({}).expect(200);
    const replied = await http().post(`/api/cases/${id}/reply`).send({ ...steps.draft, text: '已安排维修，路灯已恢复' }).expect(200);
    expect(replied.body.allowedActions[0]).toBe('survey');
    const closed = await http().post(`/api/cases/${id}/survey`).send({ result: 'satisfied' }).expect(200);
    expect(closed.body).toMatchObject({ stage: 'closed', closedAs: 'satisfied', executionStatus: 'completed' });
  });
});

describe('what the calling key may do next (yourActions)', () => {
  it('shows each key the part of allowedActions its role and unit may perform', async () => {
    const c43 = 'dongli-2024-spring.npc-suggestion.43';
    const handler = e2e.as(await e2e.system.createKey({ role: 'unit-handler', unit: '区民政局', name: '张三' }));
    const supervisor = e2e.as(await e2e.system.createKey({ role: 'supervisor', name: '督查室' }));
    const office = (await http().get(`/api/cases/${c43}`).expect(200)).body;
    expect(office.allowedActions).toEqual(['sign', 'merge', 'extension-request', 'stop-clock', 'withdraw']);
    expect(office.yourActions).toEqual(office.allowedActions);
    expect((await handler.get(`/api/cases/${c43}`).expect(200)).body.yourActions).toEqual(['sign', 'extension-request']);
    expect((await supervisor.get(`/api/cases/${c43}`).expect(200)).body.yourActions).toEqual([]);

    // Case 50 waits for the supervisor's review (see above); its co-unit has nothing left to do.
    const coUnit = e2e.as(await e2e.system.createKey({ role: 'unit-handler', unit: '区司法局', name: '李四' }));
    expect((await supervisor.get(`/api/cases/${case50}`).expect(200)).body.yourActions).toEqual(['review']);
    const asLead = (await handler.post(`/api/cases/${case50}/review`).send(steps.review).expect(403)).body;
    expect(asLead.error).toBe('Forbidden');
    expect((await coUnit.get(`/api/cases/${case50}`).expect(200)).body.yourActions).toEqual([]);
  });
});
